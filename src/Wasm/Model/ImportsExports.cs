namespace Selegic.Extensions.Wasm.Model;

/// <summary>
/// An import. Exactly one of the descriptors is set, matching <see cref="Kind"/>:
/// a function import names a type index.
/// </summary>
public sealed record Import(string Module, string Name, ExternalKind Kind)
{
    public int FunctionTypeIndex { get; init; } = -1;
    public TableType? Table { get; init; }
    public MemoryType? Memory { get; init; }
    public GlobalType? Global { get; init; }
}

/// <summary>An export of the item with index <see cref="Index"/> in the index space of its kind.</summary>
public sealed record Export(string Name, ExternalKind Kind, uint Index);
