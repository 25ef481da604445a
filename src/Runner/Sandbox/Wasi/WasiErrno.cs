namespace Selegic.Extensions.Runner.Sandbox.Wasi;

/// <summary>The preview-1 errno values this host returns (numbering from the witx definition).</summary>
internal enum WasiErrno : ushort
{
    Success = 0,
    BadFileDescriptor = 8,   // EBADF
    Fault = 21,              // EFAULT: a guest pointer is outside linear memory
    Invalid = 28,            // EINVAL
    FunctionNotSupported = 52,   // ENOSYS
    IllegalSeek = 70,        // ESPIPE
}
