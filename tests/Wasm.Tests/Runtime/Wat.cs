using System.Diagnostics;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

/// <summary>Compiles WebAssembly text with the real wabt <c>wat2wasm</c> installed on the machine.</summary>
internal static class Wat
{
    private static readonly WasmEngine Engine = new();

    public static byte[] ToWasm(string wat)
    {
        var dir = Directory.CreateTempSubdirectory("wat");
        try
        {
            var input = Path.Combine(dir.FullName, "m.wat");
            var output = Path.Combine(dir.FullName, "m.wasm");
            File.WriteAllText(input, wat);
            using var process = Process.Start(new ProcessStartInfo("wat2wasm", [input, "-o", output])
            {
                RedirectStandardError = true,
            })!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"wat2wasm failed: {errors}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static WasmModule Compile(string wat) => Engine.Compile(ToWasm(wat));

    public static WasmInstance Instantiate(string wat, InstanceLimits? limits = null, Linker? linker = null) =>
        (linker ?? new Linker()).Instantiate(Compile(wat), limits);
}
