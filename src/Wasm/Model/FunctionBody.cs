namespace Selegic.Extensions.Wasm.Model;

/// <summary>A run of locals of one type, as the binary format declares them.</summary>
public readonly record struct LocalRun(uint Count, ValueType Type);

/// <summary>
/// A module-defined function: its type, its declared locals (not counting parameters)
/// and its instruction bytes (the expression, up to and including the final <c>end</c>).
/// <see cref="CodeOffset"/> is the position of <see cref="Code"/> in the module binary, for messages.
/// </summary>
public sealed record FunctionBody(uint TypeIndex, LocalRun[] Locals, ReadOnlyMemory<byte> Code, int CodeOffset)
{
    public long LocalCount => Locals.Sum(l => (long)l.Count);

    /// <summary>The declared locals expanded to one entry each (callers check <see cref="LocalCount"/> first).</summary>
    public ValueType[] ExpandLocals()
    {
        var result = new ValueType[checked((int)LocalCount)];
        var i = 0;
        foreach (var run in Locals)
            for (var n = 0u; n < run.Count; n++) result[i++] = run.Type;
        return result;
    }
}
