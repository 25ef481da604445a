using System.CommandLine;
using System.Globalization;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>`scrm extension versions [DIR] [--slug S] --tenant T [--json]`: the published versions of one extension.</summary>
public static class VersionsCommand
{
    public sealed record Result(bool Ok, string Tenant, string Slug, IReadOnlyList<VersionSummary> Versions);

    public static Command Create(CliEnvironment environment)
    {
        var directory = ExtensionCommands.DirectoryArgument();
        var slug = new Option<string?>("--slug")
        {
            Description = "The extension's slug (default: from package.json or manifest.json in DIR)",
        };
        var connection = new ConnectionOptions();
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("versions", "List the published versions of an extension in a tenant. " + ExitCodes.HelpText)
        {
            directory, slug, json,
        };
        connection.AddTo(command);

        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, async (cli, token) =>
        {
            var target = connection.Resolve(parseResult, environment);
            var extension = parseResult.GetValue(slug) ?? SlugOf(environment.ResolvePath(parseResult.GetValue(directory)!));
            if (!Contracts.Naming.Slug.IsValid(extension))
                throw CliException.Usage("invalid_slug", $"'{extension}' is not a valid extension slug.", ServerErrorHints.For("invalid_slug"));

            using var client = new ScrmApiClient(target);
            var list = await client.GetAsync<ListResponse<VersionSummary>>(client.TenantPath("extensions", extension, "versions"), token);
            var lines = new List<string> { $"{extension} in tenant {target.Tenant}: {list.Items.Count} version(s)" };
            lines.AddRange(list.Items.Select(v =>
                $"  {v.Version,-20} {v.ContentHash}  {ByteSize.Format(v.SizeBytes),10}  " +
                $"{v.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}  {v.PublishedBy}" +
                (v.SignatureKeyId is null ? "" : $"  signed:{v.SignatureKeyId}")));
            cli.Result(new Result(true, target.Tenant, extension, list.Items), lines.ToArray());
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }

    private static string SlugOf(string directory)
    {
        var hasPackageJson = File.Exists(Path.Combine(directory, PackageJsonDefaults.FileName));
        if (!hasPackageJson && !File.Exists(Path.Combine(directory, ManifestRules.FileName)))
            throw CliException.Usage("missing_slug",
                $"No extension slug: pass --slug, or run in (or pass) an extension folder with {PackageJsonDefaults.FileName} or {ManifestRules.FileName}.");
        return PackageJsonDefaults.Load(directory).Slug ?? ExtensionPackage.Load(directory).Manifest.Slug;
    }
}
