namespace Selegic.Extensions.Wasm.Model;

/// <summary>
/// A decoded module, as the binary format describes it: the output of the decoder,
/// the input of the validator and the compiler. Index spaces start with imports.
/// Immutable once decoded.
/// </summary>
public sealed class ModuleDefinition
{
    public FunctionType[] Types { get; init; } = [];
    public Import[] Imports { get; init; } = [];
    /// <summary>Type indices of the module-defined functions (the function section).</summary>
    public uint[] FunctionTypeIndices { get; init; } = [];
    public TableType[] Tables { get; init; } = [];
    public MemoryType[] Memories { get; init; } = [];
    public GlobalDefinition[] Globals { get; init; } = [];
    public Export[] Exports { get; init; } = [];
    public uint? StartFunction { get; init; }
    public ElementSegment[] Elements { get; init; } = [];
    public DataSegment[] Data { get; init; } = [];
    /// <summary>Present when the module has a data count section (required by memory.init / data.drop).</summary>
    public uint? DataCount { get; init; }
    /// <summary>Bodies of the module-defined functions, parallel to <see cref="FunctionTypeIndices"/>.</summary>
    public FunctionBody[] Code { get; init; } = [];
    public (string Name, ReadOnlyMemory<byte> Bytes)[] CustomSections { get; init; } = [];

    public int ImportedFunctionCount => Imports.Count(i => i.Kind == ExternalKind.Function);
    public int ImportedTableCount => Imports.Count(i => i.Kind == ExternalKind.Table);
    public int ImportedMemoryCount => Imports.Count(i => i.Kind == ExternalKind.Memory);
    public int ImportedGlobalCount => Imports.Count(i => i.Kind == ExternalKind.Global);
}
