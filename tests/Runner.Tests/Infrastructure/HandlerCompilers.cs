using System.Security.Cryptography;
using System.Text;
using Selegic.Extensions.TestSupport;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>
/// Builds handlers with the real toolchains at test time: wabt's wat2wasm, Debian's clang with
/// sdk/c/scrm.h, and asc from sdk/assemblyscript's node_modules (installed by `npm ci`, which
/// scripts/test.sh runs for every committed lock file). Outputs are cached by source and command.
/// </summary>
public static class HandlerCompilers
{
    private static readonly object CompileLock = new();
    private static readonly string Cache =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "selegic-runner-tests", "compiled")).FullName;

    public static string HandlersDirectory => Path.Combine(RepositoryPaths.Root, "tests", "Runner.Tests", "Handlers");
    public static string CSdkDirectory => Path.Combine(RepositoryPaths.Root, "sdk", "c");
    public static string AssemblyScriptSdkDirectory => Path.Combine(RepositoryPaths.Root, "sdk", "assemblyscript");

    public static byte[] Wat(string wat) =>
        Cached(Encoding.UTF8.GetBytes(wat), "wat2wasm", output =>
        {
            var input = output + ".wat";
            File.WriteAllText(input, wat);
            try { ExternalProcess.RunChecked("wat2wasm", [input, "-o", output]); }
            finally { File.Delete(input); }
        });

    /// <summary>clang with scrm.h; <paramref name="wasi"/> picks wasm32-wasi (libc, reactor) or freestanding wasm32.</summary>
    public static byte[] C(string relativeSource, bool wasi)
    {
        var source = Path.Combine(HandlersDirectory, relativeSource);
        string[] flags = wasi
            ? ["--target=wasm32-wasi", "-O2", "-mexec-model=reactor"]
            : ["--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry"];
        flags = [.. flags, "-I", CSdkDirectory, "-Wl,--strip-all"];
        var inputs = File.ReadAllBytes(source).Concat(File.ReadAllBytes(Path.Combine(CSdkDirectory, "scrm.h"))).ToArray();
        return Cached(inputs, "clang " + string.Join(' ', flags), output =>
            ExternalProcess.RunChecked("clang", [.. flags, source, "-o", output]));
    }

    /// <summary>asc from the SDK's node_modules, compiling a handler that imports the SDK by relative path.</summary>
    public static byte[] AssemblyScript(string relativeSource)
    {
        var source = Path.Combine(HandlersDirectory, relativeSource);
        var asc = Path.Combine(AssemblyScriptSdkDirectory, "node_modules", ".bin", "asc");
        if (!File.Exists(asc))
            throw new InvalidOperationException($"AssemblyScript is not installed: run `npm ci` in {AssemblyScriptSdkDirectory} (scripts/test.sh does)");
        string[] flags = ["--optimize", "--runtime", "stub"];
        var sdkSources = Directory.GetFiles(Path.Combine(AssemblyScriptSdkDirectory, "assembly"), "*.ts").Order().SelectMany(File.ReadAllBytes);
        return Cached([.. File.ReadAllBytes(source), .. sdkSources], "asc " + string.Join(' ', flags), output =>
            ExternalProcess.RunChecked(asc, [source, "-o", output, .. flags], Path.GetDirectoryName(source)));
    }

    private static byte[] Cached(byte[] source, string command, Action<string> compileTo)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData([.. source, .. Encoding.UTF8.GetBytes("\0" + command)]));
        var cached = Path.Combine(Cache, key + ".wasm");
        if (File.Exists(cached)) return File.ReadAllBytes(cached);
        lock (CompileLock) // a small machine: one compiler at a time
        {
            if (File.Exists(cached)) return File.ReadAllBytes(cached);
            var temporary = Path.Combine(Cache, $"{key}.{Guid.NewGuid():N}.tmp.wasm");
            compileTo(temporary);
            File.Move(temporary, cached, overwrite: true);
        }
        return File.ReadAllBytes(cached);
    }
}
