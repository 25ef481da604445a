namespace Selegic.Extensions.Wasm.Model;

public enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>An element segment; <see cref="Offset"/> and <see cref="TableIndex"/> matter only when active.</summary>
public sealed record ElementSegment(
    SegmentMode Mode,
    ValueType ElementType,
    uint TableIndex,
    ConstantExpression Offset,
    ConstantExpression[] Items);

/// <summary>A data segment; <see cref="Offset"/> and <see cref="MemoryIndex"/> matter only when active.</summary>
public sealed record DataSegment(
    SegmentMode Mode,
    uint MemoryIndex,
    ConstantExpression Offset,
    ReadOnlyMemory<byte> Bytes);

public sealed record GlobalDefinition(GlobalType Type, ConstantExpression Initializer);
