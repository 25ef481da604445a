using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// A table of references: <see cref="WasmFunction"/> or null for funcref tables, any host
/// object or null for externref tables. Shared by reference between instances.
/// </summary>
public sealed class WasmTable : WasmExtern
{
    /// <summary>The most elements a table can have in this engine (keeps hostile tables bounded).</summary>
    public const uint MaxElementsSupported = 10_000_000;

    internal object?[] Elements;

    public WasmTable(TableType type) : this(type, WasmValue.NullRef(type.ElementType)) { }

    public WasmTable(TableType type, WasmValue initial)
    {
        if (type.Limits.Min > MaxElementsSupported)
            throw new WasmLinkException($"table of {type.Limits.Min} elements exceeds the engine limit of {MaxElementsSupported}");
        Type = type;
        Elements = new object?[type.Limits.Min];
        var init = CheckedRef(initial);
        if (init is not null) Array.Fill(Elements, init);
    }

    /// <summary>The declared limits; <see cref="Size"/> is the current size.</summary>
    public TableType Type { get; }

    public uint Size => (uint)Elements.Length;

    public WasmValue Get(uint index)
    {
        var e = Elements;
        if (index >= (uint)e.Length) throw new WasmTrapException(TrapKind.OutOfBoundsTableAccess);
        return Type.ElementType == ValueType.FuncRef ? WasmValue.FuncRef((WasmFunction?)e[index]) : WasmValue.ExternRef(e[index]);
    }

    public void Set(uint index, WasmValue value)
    {
        var r = CheckedRef(value);
        var e = Elements;
        if (index >= (uint)e.Length) throw new WasmTrapException(TrapKind.OutOfBoundsTableAccess);
        e[index] = r;
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="init"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, WasmValue init) => Grow(delta, CheckedRef(init), MaxElementsSupported);

    internal int Grow(uint delta, object? init, uint cap)
    {
        var old = (uint)Elements.Length;
        var max = Math.Min(Math.Min(Type.Limits.Max ?? uint.MaxValue, cap), MaxElementsSupported);
        if ((ulong)old + delta > max) return -1;
        if (delta == 0) return (int)old;
        var bigger = new object?[old + delta];
        Array.Copy(Elements, bigger, old);
        if (init is not null) Array.Fill(bigger, init, (int)old, (int)delta);
        Elements = bigger;
        return (int)old;
    }

    private object? CheckedRef(WasmValue value)
    {
        if (value.Type != Type.ElementType)
            throw new ArgumentException($"a {Type.ElementType.Name()} table cannot hold a {value.Type.Name()} value");
        return value.AsRef();
    }
}
