using System.Runtime.CompilerServices;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// Instructions compiled to calls rather than inline IL: growth, bulk memory, tables and
/// indirect calls. The context comes after the wasm operands so generated code can push it last.
/// </summary>
internal static class RuntimeOps
{
    // ---- memory ----
    public static int MemoryGrow(int delta, InstanceContext ctx)
    {
        var old = ctx.Memory!.Grow((uint)delta, ctx.MaxMemoryPages);
        if (old < 0) ctx.MemoryGrowRefusals++;
        return old;
    }

    public static void MemoryFill(int destination, int value, int count, InstanceContext ctx)
    {
        var buffer = ctx.Memory!.Span;
        if ((ulong)(uint)destination + (uint)count > (ulong)buffer.Length) Traps.MemoryOutOfBounds();
        buffer.Slice((int)(uint)destination, (int)(uint)count).Fill((byte)value);
    }

    public static void MemoryCopy(int destination, int source, int count, InstanceContext ctx)
    {
        var buffer = ctx.Memory!.Span;
        if ((ulong)(uint)destination + (uint)count > (ulong)buffer.Length ||
            (ulong)(uint)source + (uint)count > (ulong)buffer.Length) Traps.MemoryOutOfBounds();
        buffer.Slice((int)(uint)source, (int)(uint)count).CopyTo(buffer.Slice((int)(uint)destination));
    }

    public static void MemoryInit(int destination, int source, int count, InstanceContext ctx, int segment)
    {
        var data = ctx.DroppedData[segment] ? ReadOnlySpan<byte>.Empty : ctx.Module!.Definition.Data[segment].Bytes.Span;
        var buffer = ctx.Memory!.Span;
        if ((ulong)(uint)source + (uint)count > (ulong)data.Length ||
            (ulong)(uint)destination + (uint)count > (ulong)buffer.Length) Traps.MemoryOutOfBounds();
        data.Slice((int)(uint)source, (int)(uint)count).CopyTo(buffer.Slice((int)(uint)destination));
    }

    public static void DataDrop(InstanceContext ctx, int segment) => ctx.DroppedData[segment] = true;

    // ---- tables ----
    public static object? TableGet(int index, InstanceContext ctx, int table)
    {
        var elements = ctx.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length) Traps.TableOutOfBounds();
        return elements[index];
    }

    public static void TableSet(int index, object? value, InstanceContext ctx, int table)
    {
        var elements = ctx.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length) Traps.TableOutOfBounds();
        elements[index] = value;
    }

    public static int TableSize(InstanceContext ctx, int table) => ctx.Tables[table].Elements.Length;

    public static int TableGrow(object? init, int delta, InstanceContext ctx, int table) =>
        ctx.Tables[table].Grow((uint)delta, init, ctx.MaxTableElements);

    public static void TableFill(int start, object? value, int count, InstanceContext ctx, int table)
    {
        var elements = ctx.Tables[table].Elements;
        if ((ulong)(uint)start + (uint)count > (ulong)elements.Length) Traps.TableOutOfBounds();
        elements.AsSpan((int)(uint)start, (int)(uint)count).Fill(value);
    }

    public static void TableCopy(int destination, int source, int count, InstanceContext ctx, int destinationTable, int sourceTable)
    {
        var dst = ctx.Tables[destinationTable].Elements;
        var src = ctx.Tables[sourceTable].Elements;
        if ((ulong)(uint)destination + (uint)count > (ulong)dst.Length ||
            (ulong)(uint)source + (uint)count > (ulong)src.Length) Traps.TableOutOfBounds();
        Array.Copy(src, (int)(uint)source, dst, (int)(uint)destination, (int)(uint)count);
    }

    public static void TableInit(int destination, int source, int count, InstanceContext ctx, int segment, int table)
    {
        var items = ctx.DroppedElements[segment] ? [] : ctx.Module!.Definition.Elements[segment].Items;
        var elements = ctx.Tables[table].Elements;
        if ((ulong)(uint)source + (uint)count > (ulong)items.Length ||
            (ulong)(uint)destination + (uint)count > (ulong)elements.Length) Traps.TableOutOfBounds();
        for (var i = 0; i < count; i++)
            elements[(uint)destination + i] = ctx.EvaluateReference(items[(uint)source + i]);
    }

    public static void ElemDrop(InstanceContext ctx, int segment) => ctx.DroppedElements[segment] = true;

    /// <summary>
    /// call_indirect's lookup: bounds, null and signature. Inlined into generated code; the common
    /// case (the function's type object is the one the module declared) is a reference compare,
    /// anything else goes to the structural comparison the spec requires across modules.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WasmFunction ResolveIndirect(int index, InstanceContext ctx, int table, int typeIndex)
    {
        var elements = ctx.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length) Traps.UndefinedElement();
        var function = elements[index] as WasmFunction;
        if (function is null) Traps.UninitializedElement();
        var expected = ctx.Types[typeIndex];
        if (!ReferenceEquals(function.Type, expected)) CheckSignature(function, expected);
        return function;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckSignature(WasmFunction function, FunctionType expected)
    {
        if (!function.Type.Equals(expected)) Traps.Throw(TrapKind.IndirectCallTypeMismatch);
    }
}
