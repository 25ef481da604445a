using System.CommandLine;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// `scrm extension pack [DIR] [--out FILE] [--json]`: builds the .tar.gz, runs every local check and
/// prints its path, size and SHA-256.
/// </summary>
public static class PackCommand
{
    public sealed record Result(bool Ok, string Slug, string Version, string Path, long SizeBytes, string Sha256, string ContentHash,
        IReadOnlyList<string> Files, IReadOnlyList<string> Skipped);

    public static Command Create(CliEnvironment environment)
    {
        var directory = ExtensionCommands.DirectoryArgument();
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where to write the bundle (default: {slug}-{version}.tar.gz in DIR)",
        };
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("pack",
            "Build the extension bundle (.tar.gz) from DIR: manifest, handler and UI; dotfiles, hidden paths and node_modules " +
            "are left out. Runs the server's checks locally and prints path, size and SHA-256. " + ExitCodes.HelpText)
        {
            directory, output, json,
        };
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, (cli, _) =>
        {
            var package = ExtensionPackage.Load(environment.ResolvePath(parseResult.GetValue(directory)!));
            var path = parseResult.GetValue(output) is { } given
                ? environment.ResolvePath(given)
                : Path.Combine(package.Root, BundleBuilder.DefaultFileName(package.Manifest.Slug, package.Manifest.Version));

            var bundle = BundleBuilder.Build(package, path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bundle.Bytes);

            var sha256 = bundle.Sha256Hex;
            cli.Result(
                new Result(true, bundle.Slug, bundle.Version, path, bundle.Bytes.Length, sha256, bundle.ContentHash,
                    bundle.Bundle.Files.Keys.Order(StringComparer.Ordinal).ToList(), bundle.Skipped),
                $"Packed {bundle.Slug} {bundle.Version}",
                $"  path:    {path}",
                $"  size:    {ByteSize.Format(bundle.Bytes.Length)} ({bundle.Bytes.Length} bytes), {bundle.Bundle.Files.Count} files",
                $"  sha256:  {sha256}",
                bundle.Skipped.Count == 0 ? "  skipped: nothing" : $"  skipped: {string.Join(", ", bundle.Skipped)}");
            return Task.FromResult(ExitCodes.Success);
        }, cancellation));
        return command;
    }
}
