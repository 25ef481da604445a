using Selegic.Extensions.Wasm.Compilation;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>A compiled module: immutable, shareable across threads, instantiable any number of times.</summary>
public sealed class WasmModule
{
    internal WasmModule(CompiledModule compiled, LinearMemoryPool? memoryPool = null)
    {
        Compiled = compiled;
        MemoryPool = memoryPool;
    }

    internal CompiledModule Compiled { get; }

    internal LinearMemoryPool? MemoryPool { get; }

    public ModuleDefinition Definition => Compiled.Definition;

    public IReadOnlyList<Import> Imports => Compiled.Definition.Imports;

    public IReadOnlyList<Export> Exports => Compiled.Definition.Exports;
}
