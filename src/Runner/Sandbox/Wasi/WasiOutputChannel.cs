namespace Selegic.Extensions.Runner.Sandbox.Wasi;

/// <summary>stdout or stderr of one run, captured in memory up to a cap.</summary>
internal sealed class WasiOutputChannel(int fd, long cap)
{
    private readonly MemoryStream _captured = new();

    public byte[] Captured => _captured.ToArray();

    /// <summary>Keeps what fits under the cap; throws <see cref="WasiOutputLimitException"/> if not all of it fits.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var room = cap - _captured.Length;
        var fits = bytes.Length <= room ? bytes : bytes[..(int)Math.Max(0, room)];
        _captured.Write(fits);
        if (fits.Length < bytes.Length) throw new WasiOutputLimitException(fd, cap);
    }
}
