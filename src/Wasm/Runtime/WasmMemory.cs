using System.Buffers.Binary;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// A linear memory of whole 64 KiB pages. The first <see cref="Length"/> bytes of
/// <see cref="Buffer"/> are the memory; compiled code checks every access against
/// <see cref="Length"/> and then reads the buffer directly. The buffer keeps spare capacity
/// (never written, so still zero) and grows geometrically, so growing page by page does not
/// copy the whole memory each time.
/// </summary>
public sealed class WasmMemory : WasmExtern
{
    public const int PageSize = 65536;

    /// <summary>The largest memory this engine can hold: a .NET array is limited to just under 2 GiB.</summary>
    public const uint MaxPagesSupported = 32767;

    internal byte[] Buffer;
    /// <summary>The memory's size in bytes; a long so generated bounds checks compare against it directly.</summary>
    internal long Length;
    private readonly LinearMemoryPool? _pool;

    public WasmMemory(MemoryType type) : this(type, null) { }

    internal WasmMemory(MemoryType type, LinearMemoryPool? pool)
    {
        if (type.Limits.Min > MaxPagesSupported)
            throw new WasmLinkException($"memory of {type.Limits.Min} pages exceeds the engine limit of {MaxPagesSupported} pages");
        Type = type;
        _pool = pool;
        var bytes = (int)(type.Limits.Min * PageSize);
        Buffer = pool?.Rent(bytes) ?? new byte[bytes];
        Length = bytes;
    }

    /// <summary>The declared limits; <see cref="Pages"/> is the current size.</summary>
    public MemoryType Type { get; }

    public uint Pages => (uint)(Length / PageSize);

    public Span<byte> Span => Buffer.AsSpan(0, (int)Length);

    /// <summary>Grows by <paramref name="delta"/> pages; returns the old size in pages or -1 when that would pass the maximum.</summary>
    public int Grow(uint delta) => Grow(delta, MaxPagesSupported);

    internal int Grow(uint delta, uint cap)
    {
        var old = Pages;
        var max = Math.Min(Math.Min(Type.Limits.Max ?? 65536u, cap), MaxPagesSupported);
        if ((ulong)old + delta > max) return -1;
        var needed = (int)((old + delta) * PageSize);
        if (needed > Buffer.Length && !Reallocate(needed, (long)max * PageSize)) return -1;
        Length = needed;
        return (int)old;
    }

    /// <summary>A bigger buffer: at least <paramref name="needed"/> bytes, doubling when the maximum allows.</summary>
    private bool Reallocate(int needed, long maxBytes)
    {
        var generous = (int)Math.Min(Math.Max((long)needed, (long)Buffer.Length * 2), maxBytes);
        foreach (var size in generous > needed ? new[] { generous, needed } : [needed])
        {
            try
            {
                var bigger = _pool?.Rent(size) ?? new byte[size];
                Buffer.AsSpan(0, (int)Length).CopyTo(bigger);
                _pool?.Return(Buffer, (int)Length);
                Buffer = bigger;
                return true;
            }
            catch (OutOfMemoryException)
            {
                // try the exact size, then give up: memory.grow reports failure with -1
            }
        }
        return false;
    }

    /// <summary>
    /// Gives the buffer back to its pool (if any) and leaves a memory of size zero, so that any later
    /// access traps instead of reaching a buffer another instance now uses. For the owning instance's disposal.
    /// </summary>
    internal void Release()
    {
        var buffer = Buffer;
        var written = (int)Length;
        Buffer = [];
        Length = 0;
        _pool?.Return(buffer, written);
    }

    /// <summary>The bytes [offset, offset+length) or a trap when any of them is outside the memory.</summary>
    public Span<byte> Slice(uint offset, uint length)
    {
        if ((ulong)offset + length > (ulong)Length) throw new WasmTrapException(TrapKind.OutOfBoundsMemoryAccess);
        return Buffer.AsSpan((int)offset, (int)length);
    }

    public byte ReadByte(uint offset) => Slice(offset, 1)[0];
    public int ReadInt32(uint offset) => BinaryPrimitives.ReadInt32LittleEndian(Slice(offset, 4));
    public long ReadInt64(uint offset) => BinaryPrimitives.ReadInt64LittleEndian(Slice(offset, 8));
    public void WriteByte(uint offset, byte value) => Slice(offset, 1)[0] = value;
    public void WriteInt32(uint offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(Slice(offset, 4), value);
    public void WriteInt64(uint offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(Slice(offset, 8), value);
}
