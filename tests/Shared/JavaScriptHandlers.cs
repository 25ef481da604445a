using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.TestSupport;

/// <summary>
/// Builds wasm-js@1 components with the real toolchain: sdk/js/scripts/build.mjs (esbuild, then
/// componentize-js from sdk/js/node_modules, installed by `npm ci`, which scripts/test.sh runs).
/// A build takes seconds, so outputs are cached by the handler's and the SDK's sources: every test
/// project of a run shares one build of tests/Shared/Programs/JavaScript/handler.ts.
/// </summary>
public static class JavaScriptHandlers
{
    private static readonly object BuildLock = new();
    private static readonly string Cache =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "selegic-js-tests", "components")).FullName;

    public static string SdkDirectory => Path.Combine(RepositoryPaths.Root, "sdk", "js");

    /// <summary>The shared test handler (routes for every wasm-js@1 test: echo, actions, logs, hostile ones).</summary>
    public static byte[] TestHandler => Build(Path.Combine(RepositoryPaths.ProgramsDirectory, "JavaScript", "handler.ts"));

    public static byte[] Build(string source)
    {
        if (!Directory.Exists(Path.Combine(SdkDirectory, "node_modules", "@bytecodealliance", "componentize-js")))
            throw new InvalidOperationException($"componentize-js is not installed: run `npm ci` in {SdkDirectory} (scripts/test.sh does)");
        var inputs = Directory.GetFiles(SdkDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && (f.EndsWith(".ts") || f.EndsWith(".mjs") || f.EndsWith(".wit") || f.EndsWith("package-lock.json")))
            .Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes);
        var key = Convert.ToHexStringLower(SHA256.HashData([.. File.ReadAllBytes(source), .. inputs, .. Encoding.UTF8.GetBytes("\0" + source)]));
        var cached = Path.Combine(Cache, key + ".wasm");
        if (File.Exists(cached)) return File.ReadAllBytes(cached);
        lock (BuildLock)
        {
            if (File.Exists(cached)) return File.ReadAllBytes(cached);
            var temporary = Path.Combine(Cache, $"{key}.{Guid.NewGuid():N}.tmp.wasm");
            ExternalProcess.RunChecked("node", [Path.Combine(SdkDirectory, "scripts", "build.mjs"), source, "-o", temporary], Path.GetDirectoryName(source));
            File.Move(temporary, cached, overwrite: true);
        }
        return File.ReadAllBytes(cached);
    }
}
