using System.Buffers.Binary;

namespace Selegic.Extensions.Runner.Sandbox.Wasi;

/// <summary>
/// Bounds-checked little-endian access to the guest's linear memory for WASI calls.
/// A pointer outside memory throws <see cref="WasiMemoryFault"/>, which the call turns into EFAULT.
/// </summary>
internal readonly ref struct WasiMemory(Span<byte> bytes)
{
    private readonly Span<byte> _bytes = bytes;

    public Span<byte> Slice(uint pointer, uint length)
    {
        if ((ulong)pointer + length > (ulong)_bytes.Length) throw new WasiMemoryFault();
        return _bytes.Slice((int)pointer, (int)length);
    }

    /// <summary>Checks that an array of <paramref name="count"/> elements of <paramref name="size"/> bytes lies in memory,
    /// so a loop over it cannot run longer than memory is big.</summary>
    public void CheckArray(uint pointer, uint count, uint size)
    {
        if ((ulong)pointer + (ulong)count * size > (ulong)_bytes.Length) throw new WasiMemoryFault();
    }

    public uint ReadU32(uint pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(pointer, 4));
    public void WriteU8(uint pointer, byte value) => Slice(pointer, 1)[0] = value;
    public void WriteU32(uint pointer, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(pointer, 4), value);
    public void WriteU64(uint pointer, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slice(pointer, 8), value);
}

/// <summary>A guest pointer or length pointed outside linear memory (reported to the guest as EFAULT).</summary>
internal sealed class WasiMemoryFault : Exception;
