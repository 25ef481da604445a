namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>Something an instance can import or export: a function, memory, table or global.</summary>
public abstract class WasmExtern
{
    private protected WasmExtern() { }
}
