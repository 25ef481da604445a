namespace Selegic.Extensions.Wasm.Wasi;

// Descriptors 0, 1 and 2 are the only ones that exist: not seekable, and not terminals (the host
// captures or pipes them), so their filetype is "unknown" and wasi-libc buffers stdout fully
// instead of per line, as it does for a pipe. There are no preopened directories, so wasi-libc
// sees no file system.
public sealed partial class WasiContext
{
    private const byte UnknownFileType = 0;
    private const ulong RightFdRead = 1 << 1, RightFdWrite = 1 << 6, RightPollFdReadWrite = 1 << 27;
    private const int FdstatSize = 24, FilestatSize = 64, IovecSize = 8;
    private const uint MaxIovecs = 1024;   // IOV_MAX: like Linux, more is EINVAL, so one call's work stays bounded

    private WasiErrno FdWrite(GuestMemory memory, int fd, uint iovecs, uint iovecCount, uint writtenPointer)
    {
        if (!IsOpenStdio(fd) || fd == 0) return WasiErrno.BadFileDescriptor;
        var channel = fd == 1 ? _stdout : _stderr;
        if (iovecCount > MaxIovecs) return WasiErrno.Invalid;
        memory.CheckArray(iovecs, iovecCount, IovecSize);
        uint written = 0;
        for (uint i = 0; i < iovecCount; i++)
        {
            var iovec = iovecs + i * IovecSize;
            var bytes = memory.Slice(memory.ReadU32(iovec), memory.ReadU32(iovec + 4));
            channel.Write(bytes);
            written += (uint)bytes.Length;
        }
        memory.WriteU32(writtenPointer, written);
        return WasiErrno.Success;
    }

    private WasiErrno FdRead(GuestMemory memory, int fd, uint iovecs, uint iovecCount, uint readPointer)
    {
        if (fd != 0 || !IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        if (iovecCount > MaxIovecs) return WasiErrno.Invalid;
        memory.CheckArray(iovecs, iovecCount, IovecSize);
        uint read = 0;
        for (uint i = 0; i < iovecCount; i++)
        {
            var iovec = iovecs + i * IovecSize;
            var buffer = memory.Slice(memory.ReadU32(iovec), memory.ReadU32(iovec + 4));
            int n;
            try
            {
                n = _config.Stdin.Read(buffer);
            }
            catch (IOException)
            {
                return WasiErrno.Io;
            }
            read += (uint)n;
            if (n < buffer.Length) break;   // short read: return what there is, like read(2)
        }
        memory.WriteU32(readPointer, read);
        return WasiErrno.Success;
    }

    private WasiErrno FdFdstatGet(GuestMemory memory, int fd, uint statPointer)
    {
        if (!IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        var rights = (fd == 0 ? RightFdRead : RightFdWrite) | RightPollFdReadWrite;
        memory.Slice(statPointer, FdstatSize).Clear();
        memory.WriteU8(statPointer, UnknownFileType);
        memory.WriteU16(statPointer + 2, 0);          // fdflags
        memory.WriteU64(statPointer + 8, rights);     // rights base
        memory.WriteU64(statPointer + 16, 0);         // rights inheriting
        return WasiErrno.Success;
    }

    private WasiErrno FdFilestatGet(GuestMemory memory, int fd, uint statPointer)
    {
        if (!IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        memory.Slice(statPointer, FilestatSize).Clear();   // dev, ino, size, times: 0
        memory.WriteU8(statPointer + 16, UnknownFileType);
        memory.WriteU64(statPointer + 24, 1);               // nlink
        return WasiErrno.Success;
    }

    private WasiErrno FdClose(int fd)
    {
        if (!IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        if (fd > 0) (fd == 1 ? _stdout : _stderr).Flush();
        _stdioOpen[fd] = false;
        return WasiErrno.Success;
    }

    private WasiErrno FlushDescriptor(int fd)
    {
        if (!IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        if (fd > 0) (fd == 1 ? _stdout : _stderr).Flush();
        return WasiErrno.Success;
    }
}
