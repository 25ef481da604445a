using System.Collections.Concurrent;
using System.Numerics;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// Reuses the buffers behind linear memories. A host that instantiates a module per request
/// (the Runner) would otherwise allocate each instance's memory afresh; memories of 64 KiB and
/// more land on the large object heap and drive full garbage collections.
/// Buffers come in power-of-two sizes from one page up to <see cref="MaxPooledBytes"/> and are
/// always all zero when rented: a returned buffer is cleared up to the size the memory reached
/// (nothing beyond it was ever written). At most <see cref="MaxRetainedBytes"/> are kept; larger
/// or surplus buffers are left to the garbage collector. Thread-safe.
/// </summary>
/// <remarks>Memories draw from a pool only for instances of modules compiled by an engine given one
/// (<see cref="EngineOptions.MemoryPool"/>), and give their buffer back when the instance is disposed.</remarks>
public sealed class LinearMemoryPool(long maxRetainedBytes = 256L * 1024 * 1024, int maxPooledBytes = 16 * 1024 * 1024)
{
    private const int SmallestBytes = WasmMemory.PageSize;

    private readonly ConcurrentQueue<byte[]>[] _classes =
        [.. Enumerable.Range(0, ClassOf(Math.Max(maxPooledBytes, SmallestBytes)) + 1).Select(_ => new ConcurrentQueue<byte[]>())];
    private long _retainedBytes;

    public long MaxRetainedBytes => maxRetainedBytes;
    public int MaxPooledBytes => maxPooledBytes;

    /// <summary>Bytes currently held for reuse.</summary>
    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>An all-zero buffer of at least <paramref name="minimumBytes"/> bytes.</summary>
    public byte[] Rent(int minimumBytes)
    {
        if (minimumBytes > maxPooledBytes)
            return new byte[minimumBytes];
        var size = Math.Max(SmallestBytes, (int)BitOperations.RoundUpToPowerOf2((uint)minimumBytes));
        if (_classes[ClassOf(size)].TryDequeue(out var buffer))
        {
            Interlocked.Add(ref _retainedBytes, -buffer.Length);
            return buffer;
        }
        return new byte[size];
    }

    /// <summary>Takes a buffer back; only its first <paramref name="writtenBytes"/> may be non-zero.</summary>
    public void Return(byte[] buffer, int writtenBytes)
    {
        var size = buffer.Length;
        if (size < SmallestBytes || size > maxPooledBytes || !BitOperations.IsPow2(size))
            return;
        if (Interlocked.Add(ref _retainedBytes, size) > maxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -size);
            return;
        }
        buffer.AsSpan(0, Math.Min(writtenBytes, size)).Clear();
        _classes[ClassOf(size)].Enqueue(buffer);
    }

    private static int ClassOf(int powerOfTwoBytes) => BitOperations.Log2((uint)powerOfTwoBytes) - BitOperations.Log2(SmallestBytes);
}
