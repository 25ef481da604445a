namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>
/// The program wrote more to stdout or stderr than its cap allows. Thrown from fd_write after
/// the bytes that fit were written; the runtime passes it through to the caller of the export.
/// </summary>
public sealed class WasiOutputLimitException(int fd, long cap)
    : WasmException($"output limit exceeded: {(fd == 1 ? "stdout" : "stderr")} is capped at {cap} bytes")
{
    public int FileDescriptor { get; } = fd;
    public long Cap { get; } = cap;
}
