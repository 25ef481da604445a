namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>The preview-1 errno values this host returns (numbering from the witx definition).</summary>
public enum WasiErrno : ushort
{
    Success = 0,
    BadFileDescriptor = 8,   // EBADF
    Fault = 21,              // EFAULT: a guest pointer is outside linear memory
    Invalid = 28,            // EINVAL
    Io = 29,                 // EIO
    FunctionNotSupported = 52,   // ENOSYS
    IllegalSeek = 70,        // ESPIPE
}
