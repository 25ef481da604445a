namespace Selegic.Extensions.Wasm.Model;

/// <summary>A function signature. Instances are compared structurally.</summary>
public sealed record FunctionType(ValueType[] Parameters, ValueType[] Results)
{
    public bool Equals(FunctionType? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters) hash.Add(p);
        hash.Add(-1);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(p => p.Name()))}] -> [{string.Join(' ', Results.Select(r => r.Name()))}]";
}

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
public readonly record struct Limits(uint Min, uint? Max);

public sealed record TableType(ValueType ElementType, Limits Limits);

public sealed record MemoryType(Limits Limits);

public sealed record GlobalType(ValueType ValueType, bool Mutable);

/// <summary>What a block, loop or if takes and returns: empty, one value type, or a type index.</summary>
public readonly record struct BlockType(ValueType? Single, int TypeIndex)
{
    public static readonly BlockType Empty = new(null, -1);
    public static BlockType Of(ValueType t) => new(t, -1);
    public static BlockType Indexed(int typeIndex) => new(null, typeIndex);
}
