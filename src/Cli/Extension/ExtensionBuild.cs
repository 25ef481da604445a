using System.Diagnostics;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// `scrm extension build`'s work, by convention: <c>handler/index.ts</c> is compiled with the
/// project's own AssemblyScript compiler (node_modules/assemblyscript) into the manifest's
/// <c>handler</c> path under the bundle directory, or, for <c>runtime: wasm-js@1</c>, bundled and
/// componentized by the JavaScript SDK's build script (node_modules/@selegic/scrm-handler-js,
/// esbuild then componentize-js); <c>ui/</c> is copied to the directory of
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
    /// <summary>wasm-js@1: node, the JavaScript SDK or its toolchain (esbuild, componentize-js) is not installed.</summary>
    public const string JsToolchainMissingCode = "scrm_js_missing";

    private static readonly string AscScript = Path.Combine("node_modules", "assemblyscript", "bin", "asc.js");
    private static readonly string JsSdk = Path.Combine("node_modules", "@selegic", "scrm-handler-js");
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
            if (manifest.Runtime == ManifestRules.RuntimeWasmJs1) await ComponentizeHandlerAsync(root, handlerPath, note, cancellationToken);
            else await CompileHandlerAsync(root, handlerPath, note, cancellationToken);
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

        await RunNodeAsync(root, output, $"asc {HandlerSource}", [asc, HandlerSource, "-o", output, "--optimize", "--runtime", "stub"],
            "Fix the compile errors above; the handler must export scrm_alloc and scrm_handle (see sdk/assemblyscript).", HandlerBuildFailedCode, note, cancellationToken);
    }

    /// <summary>wasm-js@1: the SDK's build script turns handler/index.ts into a component (docs/guest-abi.md).</summary>
    private static async Task ComponentizeHandlerAsync(string root, string output, Action<string> note, CancellationToken cancellationToken)
    {
        var source = Path.Combine(root, HandlerSource);
        if (!File.Exists(source))
            throw CliException.Validation(HandlerSourceMissingCode, $"No handler source at '{source}'.",
                $"Write the TypeScript handler in '{HandlerSource}' (see sdk/js).");
        var sdk = Path.Combine(root, JsSdk);
        var script = Path.Combine(sdk, "scripts", "build.mjs");
        if (!File.Exists(script))
            throw JsMissing($"The JavaScript SDK (@selegic/scrm-handler-js) is not installed in '{root}'.");
        await RunNodeAsync(root, output, $"esbuild + componentize-js {HandlerSource}", [script, HandlerSource, "-o", output],
            "Fix the errors above; the handler must export handle (see sdk/js).", JsToolchainMissingCode, note, cancellationToken);
    }

    private static CliException JsMissing(string message) =>
        CliException.Validation(JsToolchainMissingCode, message,
            "Install Node.js 20 or later, then run `npm install` in the extension folder (and `npm ci` in the platform's sdk/js).");

    /// <param name="noNodeCode">the code when node itself cannot be started</param>
    private static async Task RunNodeAsync(string root, string output, string what, string[] arguments, string hint, string noNodeCode,
        Action<string> note, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.Delete(output); // a failed compile must not leave an older handler to be packed
        note($"handler: {what} -> {output}");
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw CliException.Validation(noNodeCode, $"Could not start node: {e.Message}", "Install Node.js 20 or later and put node on PATH.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            // The SDK is usually a file: link, its toolchain in the SDK's own node_modules: node says when that is missing.
            if (process.ExitCode != 0 && noNodeCode == JsToolchainMissingCode && (await stderr).Contains("ERR_MODULE_NOT_FOUND", StringComparison.Ordinal))
                throw JsMissing($"The JavaScript toolchain (esbuild, componentize-js) is not installed:\n{Tail(await stderr, 1000)}");
            if (process.ExitCode != 0)
                throw CliException.Validation(HandlerBuildFailedCode,
                    $"{what.Split(' ')[0]} exited with {process.ExitCode}:\n{Tail((await stderr) + (await stdout), 4000)}", hint);
        }
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
