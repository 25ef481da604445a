using System.Diagnostics;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// `scrm extension build`'s work, by convention: <c>handler/index.ts</c> is compiled with the
/// project's own AssemblyScript compiler (node_modules/assemblyscript) into the manifest's
/// <c>handler</c> path under the bundle directory; <c>ui/</c> is copied to the directory of
/// <c>ui.entry</c>, together with the iframe bridge script (<c>scrm-iframe.js</c> from
/// node_modules/@selegic/scrm-iframe) when the project depends on it.
/// </summary>
public static class ExtensionBuild
{
    public const string HandlerSource = "handler/index.ts";
    public const string UiSource = "ui";
    public const string BridgeScript = "scrm-iframe.js";
    public const string AscMissingCode = "asc_missing";
    public const string HandlerSourceMissingCode = "handler_source_missing";
    public const string HandlerBuildFailedCode = "handler_build_failed";
    public const string UiSourceMissingCode = "ui_source_missing";

    private static readonly string AscScript = Path.Combine("node_modules", "assemblyscript", "bin", "asc.js");
    private static readonly string BridgeSource = Path.Combine("node_modules", "@selegic", "scrm-iframe", "dist", BridgeScript);

    public sealed record Result(bool Ok, string Slug, string Version, string BundleDirectory, string? Handler, long HandlerBytes,
        IReadOnlyList<string> UiFiles);

    public static async Task<Result> RunAsync(string root, Action<string> note, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
            throw CliException.Usage("directory_missing", $"The extension directory '{root}' does not exist.");
        var defaults = PackageJsonDefaults.Load(root);
        Directory.CreateDirectory(Path.GetFullPath(defaults.BundlePath ?? ".", root));
        var package = ExtensionPackage.Load(root);
        var manifest = package.Manifest;

        string? handlerPath = null;
        long handlerBytes = 0;
        if (manifest.Handler is { } handler)
        {
            handlerPath = Path.Combine(package.ContentDirectory, handler);
            await CompileHandlerAsync(root, handlerPath, note, cancellationToken);
            handlerBytes = new FileInfo(handlerPath).Length;
        }

        var uiFiles = new List<string>();
        if (manifest.Ui is { } ui)
        {
            var source = Path.Combine(root, UiSource);
            var entryDirectory = Path.GetDirectoryName(ui.Entry.Replace('/', Path.DirectorySeparatorChar)) ?? "";
            var target = Path.Combine(package.ContentDirectory, entryDirectory);
            if (!SamePath(source, target))
            {
                if (!Directory.Exists(source))
                    throw CliException.Validation(UiSourceMissingCode, $"No UI sources at '{source}'.",
                        $"Put the UI files ({ui.Entry} and what it loads) in '{UiSource}/'.");
                if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
                CopyVisibleFiles(source, target, uiFiles);
            }
            var bridge = Path.Combine(root, BridgeSource);
            if (File.Exists(bridge))
            {
                File.Copy(bridge, Path.Combine(target, BridgeScript), overwrite: true);
                uiFiles.Add(BridgeScript);
            }
            note($"ui: {uiFiles.Count} files -> {target}");
        }
        return new Result(true, manifest.Slug, manifest.Version, package.ContentDirectory, handlerPath, handlerBytes, uiFiles);
    }

    private static async Task CompileHandlerAsync(string root, string output, Action<string> note, CancellationToken cancellationToken)
    {
        var source = Path.Combine(root, HandlerSource);
        if (!File.Exists(source))
            throw CliException.Validation(HandlerSourceMissingCode, $"No handler source at '{source}'.",
                $"Write the AssemblyScript handler in '{HandlerSource}' (see sdk/assemblyscript).");
        var asc = Path.Combine(root, AscScript);
        if (!File.Exists(asc))
            throw CliException.Validation(AscMissingCode, $"The AssemblyScript compiler is not installed in '{root}'.",
                "Run `npm install` in the extension folder (package.json lists assemblyscript as a dev dependency).");

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.Delete(output); // a failed compile must not leave an older handler to be packed
        note($"handler: asc {HandlerSource} -> {output}");
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { asc, HandlerSource, "-o", output, "--optimize", "--runtime", "stub" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw CliException.Validation(HandlerBuildFailedCode, "Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw CliException.Validation(HandlerBuildFailedCode,
                $"asc exited with {process.ExitCode}:\n{Tail((await stderr) + (await stdout), 4000)}",
                "Fix the compile errors above; the handler must export scrm_alloc and scrm_handle (see sdk/assemblyscript).");
    }

    /// <summary>Copies a folder, leaving out dotfiles and node_modules as the packer would.</summary>
    private static void CopyVisibleFiles(string source, string target, List<string> copied, string prefix = "")
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.')) continue;
            File.Copy(file, Path.Combine(target, name));
            copied.Add(prefix + name);
        }
        foreach (var directory in Directory.EnumerateDirectories(source).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith('.') || name == "node_modules") continue;
            CopyVisibleFiles(directory, Path.Combine(target, name), copied, prefix + name + "/");
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    private static string Tail(string text, int max) => text.Length <= max ? text.Trim() : "..." + text[^max..].Trim();
}
