using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.Wasm.Tests.Tools;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

/// <summary>WebAssembly text compiled with the real wabt <c>wat2wasm</c> (cached, see <see cref="WasmCompilers"/>), then loaded.</summary>
internal static class Wat
{
    private static readonly WasmEngine Engine = new();

    public static byte[] ToWasm(string wat) => WasmCompilers.CompileWat(wat);

    public static WasmModule Compile(string wat) => Engine.Compile(ToWasm(wat));

    public static WasmInstance Instantiate(string wat, InstanceLimits? limits = null, Linker? linker = null) =>
        (linker ?? new Linker()).Instantiate(Compile(wat), limits);
}
