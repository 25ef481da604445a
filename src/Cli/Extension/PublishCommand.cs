using System.CommandLine;
using System.Net.Http.Headers;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// `scrm extension publish [DIR] --tenant T [--bundle FILE] [--signing-key FILE | --signature SIG]
/// [--sha256 HEX] [--dry-run] [--json]`: packs (or takes --bundle), checks, signs, and uploads with
/// progress on stderr.
/// </summary>
public static class PublishCommand
{
    public sealed record Result(bool Ok, bool DryRun, string Tenant, string? Server, string Slug, string Version,
        string ContentHash, string Sha256, long SizeBytes, string? SignatureKeyId);

    public static Command Create(CliEnvironment environment)
    {
        var directory = ExtensionCommands.DirectoryArgument();
        var connection = new ConnectionOptions();
        var bundleFile = new Option<string?>("--bundle")
        {
            Description = "Publish this .tar.gz instead of packing DIR (it is checked the same way)",
        };
        var signingKey = new Option<string?>("--signing-key", "--key")
        {
            Description = "Sign the bundle with this ECDSA P-256 private key (PEM), e.g. from `scrm keys generate`",
        };
        var signature = new Option<string?>("--signature")
        {
            Description = "A signature made earlier by `scrm extension sign`: the .sig file, or its text",
        };
        var sha256 = new Option<string?>("--sha256")
        {
            Description = "Declare this SHA-256 (64 hex digits, optional 'sha256:' prefix) instead of the computed one, e.g. the " +
                          "hash your build recorded; the server refuses a mismatch (checksum_mismatch), --dry-run checks it locally",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Pack and run every check, sign if asked, and upload nothing (no server or API key needed)",
        };
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("publish",
            "Pack DIR (or take --bundle), check it, sign it if asked, and upload it as a new version to the tenant. " +
            "Needs --tenant, a server URL and an API key (see options). " + ExitCodes.HelpText)
        {
            directory, bundleFile, signingKey, signature, sha256, dryRun, json,
        };
        connection.AddTo(command);

        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, async (cli, token) =>
        {
            var isDryRun = parseResult.GetValue(dryRun);
            var tenant = connection.ResolveTenant(parseResult, environment);
            var server = isDryRun ? connection.TryResolveServer(parseResult, environment) : null;
            var target = isDryRun ? null : connection.Resolve(parseResult, environment);

            var bundle = parseResult.GetValue(bundleFile) is { } file
                ? BundleBuilder.Load(environment.ResolvePath(file))
                : BundleBuilder.Build(ExtensionPackage.Load(environment.ResolvePath(parseResult.GetValue(directory)!)));
            var declared = DeclaredChecksum(parseResult.GetValue(sha256), bundle, isDryRun);
            var signed = Signing.Resolve(environment, bundle, parseResult.GetValue(signingKey), parseResult.GetValue(signature));
            cli.Note($"{bundle.Slug} {bundle.Version}: {ByteSize.Format(bundle.Bytes.Length)}, {bundle.ContentHash}" +
                     (signed is null ? ", unsigned" : $", signed with key {signed.KeyId ?? "(no key id)"}"));

            if (isDryRun)
            {
                cli.Result(
                    new Result(true, true, tenant, server?.ToString(), bundle.Slug, bundle.Version, bundle.ContentHash, bundle.Sha256Hex,
                        bundle.Bytes.Length, signed?.KeyId),
                    $"Dry run: {bundle.Slug} {bundle.Version} passed every local check; nothing was uploaded.",
                    $"  would publish to tenant {tenant}" + (server is null ? "" : $" at {server}"),
                    $"  sha256:  {bundle.Sha256Hex}");
                return ExitCodes.Success;
            }

            using var client = new ScrmApiClient(target!);
            await client.CheckAccessAsync(token);
            var published = await UploadAsync(client, cli, bundle, declared, signed?.Text, token);
            cli.Result(
                new Result(true, false, tenant, target!.Server.ToString(), published.Slug, published.Version, published.ContentHash,
                    bundle.Sha256Hex, bundle.Bytes.Length, signed?.KeyId),
                $"Published {published.Slug} {published.Version} to tenant {tenant}",
                $"  contentHash: {published.ContentHash}");
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }

    /// <summary>The checksum to declare: the computed one, or --sha256 (format-checked; compared locally only in a dry run).</summary>
    private static string DeclaredChecksum(string? given, PackedBundle bundle, bool isDryRun)
    {
        if (given is null) return bundle.ContentHash;
        if (!ContentHash.TryNormalize(given, out var normalized))
            throw CliException.Validation(ErrorCodes.ChecksumInvalid, $"--sha256 '{given}' is not 64 hexadecimal digits.",
                ServerErrorHints.For(ErrorCodes.ChecksumInvalid));
        if (isDryRun && normalized != bundle.ContentHash)
            throw CliException.Validation(ErrorCodes.ChecksumMismatch,
                $"The bundle's content hash is {bundle.ContentHash} but --sha256 declares {normalized}.",
                ServerErrorHints.For(ErrorCodes.ChecksumMismatch));
        return normalized;
    }

    private static async Task<PublishResponse> UploadAsync(
        ScrmApiClient client, CliOutput cli, PackedBundle bundle, string declaredChecksum, string? signature, CancellationToken cancellation)
    {
        var progress = new UploadProgress(cli.Error);
        var file = new ProgressStreamContent(bundle.Bytes, progress.Report);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        using var form = new MultipartFormDataContent
        {
            { file, PublishForm.Bundle, BundleBuilder.DefaultFileName(bundle.Slug, bundle.Version) },
            { new StringContent(declaredChecksum), PublishForm.Sha256 },
        };
        if (signature is not null) form.Add(new StringContent(signature), PublishForm.Signature);

        cli.Note($"Publishing to {client.Connection.Server} (tenant {client.Connection.Tenant})");
        return await client.PostAsync<PublishResponse>(client.TenantPath("extensions", bundle.Slug, "versions"), form, cancellation);
    }
}
