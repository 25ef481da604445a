using System.Buffers.Binary;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// A linear memory: a zero-initialised byte buffer of whole 64 KiB pages. Compiled code
/// reads <see cref="Buffer"/> directly after an inline bounds check; growing replaces the
/// buffer, so instances that share the memory always see its current size.
/// </summary>
public sealed class WasmMemory : WasmExtern
{
    public const int PageSize = 65536;

    /// <summary>The largest memory this engine can hold: a .NET array is limited to just under 2 GiB.</summary>
    public const uint MaxPagesSupported = 32767;

    internal byte[] Buffer;

    public WasmMemory(MemoryType type)
    {
        if (type.Limits.Min > MaxPagesSupported)
            throw new WasmLinkException($"memory of {type.Limits.Min} pages exceeds the engine limit of {MaxPagesSupported} pages");
        Type = type;
        Buffer = new byte[type.Limits.Min * PageSize];
    }

    /// <summary>The declared limits; <see cref="Pages"/> is the current size.</summary>
    public MemoryType Type { get; }

    public uint Pages => (uint)(Buffer.Length / PageSize);

    public Span<byte> Span => Buffer;

    /// <summary>Grows by <paramref name="delta"/> pages; returns the old size in pages or -1 when that would pass the maximum.</summary>
    public int Grow(uint delta) => Grow(delta, MaxPagesSupported);

    internal int Grow(uint delta, uint cap)
    {
        var old = Pages;
        var max = Math.Min(Math.Min(Type.Limits.Max ?? 65536u, cap), MaxPagesSupported);
        if ((ulong)old + delta > max) return -1;
        if (delta == 0) return (int)old;
        byte[] bigger;
        try
        {
            bigger = new byte[(old + delta) * PageSize];
        }
        catch (OutOfMemoryException)
        {
            return -1;
        }
        Buffer.AsSpan().CopyTo(bigger);
        Buffer = bigger;
        return (int)old;
    }

    /// <summary>The bytes [offset, offset+length) or a trap when any of them is outside the memory.</summary>
    public Span<byte> Slice(uint offset, uint length)
    {
        if ((ulong)offset + length > (ulong)Buffer.Length) throw new WasmTrapException(TrapKind.OutOfBoundsMemoryAccess);
        return Buffer.AsSpan((int)offset, (int)length);
    }

    public byte ReadByte(uint offset) => Slice(offset, 1)[0];
    public int ReadInt32(uint offset) => BinaryPrimitives.ReadInt32LittleEndian(Slice(offset, 4));
    public long ReadInt64(uint offset) => BinaryPrimitives.ReadInt64LittleEndian(Slice(offset, 8));
    public void WriteByte(uint offset, byte value) => Slice(offset, 1)[0] = value;
    public void WriteInt32(uint offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(Slice(offset, 4), value);
    public void WriteInt64(uint offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(Slice(offset, 8), value);
}
