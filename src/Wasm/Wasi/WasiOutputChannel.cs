namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>stdout or stderr of one run: forwards to a sink stream or captures in memory, up to a cap.</summary>
internal sealed class WasiOutputChannel(int fd, Stream? sink, long cap)
{
    private readonly MemoryStream? _captured = sink is null ? new MemoryStream() : null;
    private readonly Stream _target = sink ?? Stream.Null;

    public long BytesWritten { get; private set; }

    public byte[] Captured => _captured?.ToArray() ?? [];

    /// <summary>Writes what fits under the cap; throws <see cref="WasiOutputLimitException"/> if not all of it fits.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var room = cap - BytesWritten;
        var fits = bytes.Length <= room ? bytes : bytes[..(int)Math.Max(0, room)];
        (_captured ?? _target).Write(fits);
        BytesWritten += fits.Length;
        if (fits.Length < bytes.Length) throw new WasiOutputLimitException(fd, cap);
    }

    public void Flush() => (_captured ?? _target).Flush();
}
