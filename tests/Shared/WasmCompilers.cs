using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.TestSupport;

/// <summary>
/// Compiles test programs with the real toolchains at test time: Debian's clang for
/// wasm32-wasi and wabt's wat2wasm.
/// Outputs are cached by a hash of source and command line.
/// </summary>
public static class WasmCompilers
{
    private static readonly object CompileLock = new();

    public static byte[] CompileC(string relativeSource, params string[] extraFlags)
    {
        var source = Path.Combine(RepositoryPaths.ProgramsDirectory, relativeSource);
        string[] flags = ["--target=wasm32-wasi", "-O2", .. extraFlags, "-Wl,--strip-all"];
        return Cached(File.ReadAllBytes(source), "clang " + string.Join(' ', flags), output =>
            ExternalProcess.RunChecked("clang", [.. flags, source, "-o", output]));
    }

    public static byte[] CompileWat(string wat) =>
        Cached(Encoding.UTF8.GetBytes(wat), "wat2wasm", output =>
        {
            var input = output + ".wat";
            File.WriteAllText(input, wat);
            try { ExternalProcess.RunChecked("wat2wasm", [input, "-o", output]); }
            finally { File.Delete(input); }
        });

    private static byte[] Cached(byte[] source, string command, Action<string> compileTo)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData([.. source, .. Encoding.UTF8.GetBytes("\0" + command)]));
        var cached = Path.Combine(RepositoryPaths.CompiledProgramCache, key + ".wasm");
        if (File.Exists(cached)) return File.ReadAllBytes(cached);
        lock (CompileLock)   // the machine is small: one compiler at a time
        {
            if (File.Exists(cached)) return File.ReadAllBytes(cached);
            var temporary = Path.Combine(RepositoryPaths.CompiledProgramCache, $"{key}.{Guid.NewGuid():N}.tmp.wasm");
            compileTo(temporary);
            File.Move(temporary, cached, overwrite: true);
        }
        return File.ReadAllBytes(cached);
    }
}
