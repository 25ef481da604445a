using System.Text;
using Wasmtime;

namespace Selegic.Extensions.Runner.Sandbox.Wasi;

/// <summary>
/// WASI preview 1 as host functions on a Wasmtime linker, working on the <see cref="WasiRun"/> of
/// the calling store, so one linker serves every run. All 46 preview-1 functions are defined, so
/// any preview-1 module links; the supported subset is args, environ, clocks, random_get and the
/// three standard streams (stdout/stderr captured, stdin empty); the rest return ENOSYS or EBADF.
/// Wasmtime's own WASI is not used: it writes output to files or to a callback on another thread,
/// where neither the per-run cap nor the trap on passing it can be kept.
/// </summary>
public static class WasiPreview1
{
    public const string ModuleName = "wasi_snapshot_preview1";

    // Descriptors 0, 1 and 2 are the only ones: not seekable and not terminals, so their filetype is
    // "unknown" and wasi-libc buffers stdout fully, as for a pipe. No preopened directories.
    private const byte UnknownFileType = 0;
    private const ulong RightFdRead = 1 << 1, RightFdWrite = 1 << 6, RightPollFdReadWrite = 1 << 27;
    private const int FdstatSize = 24, FilestatSize = 64, IovecSize = 8;
    private const uint MaxIovecs = 1024; // IOV_MAX: like Linux, more is EINVAL, so one call's work stays bounded
    // Clock ids; the cputime clocks report the wall time since the run started (no cheap per-thread CPU clock).
    private const int Realtime = 0, Monotonic = 1, ProcessCpuTime = 2, ThreadCpuTime = 3;
    private const long NanosecondsPerTick = 100; // DateTimeOffset resolution

    private delegate WasiErrno WasiCall(WasiRun wasi, WasiMemory memory, ReadOnlySpan<ValueBox> args);

    private enum Refusal { BadDescriptorOrUnsupported, NoDirectories, Unsupported }

    // Parameter letters: i = i32, I = i64 (the witx lowering of preview 1).
    private static readonly (string Name, string Parameters, Refusal Refusal)[] UnsupportedFunctions =
    [
        ("fd_advise", "iIIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_allocate", "iII", Refusal.BadDescriptorOrUnsupported),
        ("fd_fdstat_set_flags", "ii", Refusal.BadDescriptorOrUnsupported),
        ("fd_fdstat_set_rights", "iII", Refusal.BadDescriptorOrUnsupported),
        ("fd_filestat_set_size", "iI", Refusal.BadDescriptorOrUnsupported),
        ("fd_filestat_set_times", "iIIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_pread", "iiiIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_pwrite", "iiiIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_readdir", "iiiIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_renumber", "ii", Refusal.BadDescriptorOrUnsupported),
        ("sock_accept", "iii", Refusal.BadDescriptorOrUnsupported),
        ("sock_recv", "iiiiii", Refusal.BadDescriptorOrUnsupported),
        ("sock_send", "iiiii", Refusal.BadDescriptorOrUnsupported),
        ("sock_shutdown", "ii", Refusal.BadDescriptorOrUnsupported),
        ("path_create_directory", "iii", Refusal.NoDirectories),
        ("path_filestat_get", "iiiii", Refusal.NoDirectories),
        ("path_filestat_set_times", "iiiiIIi", Refusal.NoDirectories),
        ("path_link", "iiiiiii", Refusal.NoDirectories),
        ("path_open", "iiiiiIIii", Refusal.NoDirectories),
        ("path_readlink", "iiiiii", Refusal.NoDirectories),
        ("path_remove_directory", "iii", Refusal.NoDirectories),
        ("path_rename", "iiiiii", Refusal.NoDirectories),
        ("path_symlink", "iiiii", Refusal.NoDirectories),
        ("path_unlink_file", "iii", Refusal.NoDirectories),
        ("poll_oneoff", "iiii", Refusal.Unsupported),
        ("proc_raise", "i", Refusal.Unsupported),
    ];

    /// <summary>
    /// Defines every preview-1 function under <see cref="ModuleName"/>. Each call finds its run with
    /// <paramref name="runOf"/> from the store's data, and reads the memory the guest exports as "memory".
    /// </summary>
    public static Linker Define(Linker linker, Func<object?, WasiRun> runOf)
    {
        Define(linker, runOf, "args_get", "ii", (w, m, a) => WriteStrings(m, w.Settings.Arguments, U32(a[0]), U32(a[1])));
        Define(linker, runOf, "args_sizes_get", "ii", (w, m, a) => SizesGet(m, w.Settings.Arguments, U32(a[0]), U32(a[1])));
        Define(linker, runOf, "environ_get", "ii", (w, m, a) => WriteStrings(m, w.EnvironmentStrings, U32(a[0]), U32(a[1])));
        Define(linker, runOf, "environ_sizes_get", "ii", (w, m, a) => SizesGet(m, w.EnvironmentStrings, U32(a[0]), U32(a[1])));
        Define(linker, runOf, "clock_res_get", "ii", (_, m, a) => ClockResGet(m, a[0].AsInt32(), U32(a[1])));
        Define(linker, runOf, "clock_time_get", "iIi", (w, m, a) => ClockTimeGet(w, m, a[0].AsInt32(), U32(a[2])));
        Define(linker, runOf, "random_get", "ii", (_, m, a) =>
        {
            WasiRun.FillRandom(m.Slice(U32(a[0]), U32(a[1])));
            return WasiErrno.Success;
        });
        Define(linker, runOf, "fd_write", "iiii", (w, m, a) => FdWrite(w, m, a[0].AsInt32(), U32(a[1]), U32(a[2]), U32(a[3])));
        Define(linker, runOf, "fd_read", "iiii", (w, m, a) => FdRead(w, m, a[0].AsInt32(), U32(a[1]), U32(a[2]), U32(a[3])));
        Define(linker, runOf, "fd_fdstat_get", "ii", (w, m, a) => FdFdstatGet(w, m, a[0].AsInt32(), U32(a[1])));
        Define(linker, runOf, "fd_filestat_get", "ii", (w, m, a) => FdFilestatGet(w, m, a[0].AsInt32(), U32(a[1])));
        Define(linker, runOf, "fd_prestat_get", "ii", (_, _, _) => WasiErrno.BadFileDescriptor);
        Define(linker, runOf, "fd_prestat_dir_name", "iii", (_, _, _) => WasiErrno.BadFileDescriptor);
        Define(linker, runOf, "fd_close", "i", (w, _, a) => FdClose(w, a[0].AsInt32()));
        Define(linker, runOf, "fd_seek", "iIii", (w, _, a) => w.IsOpenStdio(a[0].AsInt32()) ? WasiErrno.IllegalSeek : WasiErrno.BadFileDescriptor);
        Define(linker, runOf, "fd_tell", "ii", (w, _, a) => w.IsOpenStdio(a[0].AsInt32()) ? WasiErrno.IllegalSeek : WasiErrno.BadFileDescriptor);
        Define(linker, runOf, "fd_sync", "i", (w, _, a) => w.IsOpenStdio(a[0].AsInt32()) ? WasiErrno.Success : WasiErrno.BadFileDescriptor);
        Define(linker, runOf, "fd_datasync", "i", (w, _, a) => w.IsOpenStdio(a[0].AsInt32()) ? WasiErrno.Success : WasiErrno.BadFileDescriptor);
        Define(linker, runOf, "sched_yield", "", (_, _, _) => WasiErrno.Success);
        linker.DefineFunction(ModuleName, "proc_exit", (Caller _, int code) => throw new WasiExitException(code));
        foreach (var (name, parameters, refusal) in UnsupportedFunctions)
        {
            Define(linker, runOf, name, parameters, refusal switch
            {
                Refusal.BadDescriptorOrUnsupported => (w, _, a) =>
                    w.IsOpenStdio(a[0].AsInt32()) ? WasiErrno.FunctionNotSupported : WasiErrno.BadFileDescriptor,
                Refusal.NoDirectories => (_, _, _) => WasiErrno.BadFileDescriptor,
                _ => (_, _, _) => WasiErrno.FunctionNotSupported,
            });
        }
        return linker;
    }

    /// <summary>Defines a function returning errno; <paramref name="parameters"/> spells the parameter types (i = i32, I = i64).</summary>
    private static void Define(Linker linker, Func<object?, WasiRun> runOf, string name, string parameters, WasiCall call)
    {
        var parameterKinds = parameters.Select(p => p == 'I' ? ValueKind.Int64 : ValueKind.Int32).ToArray();
        linker.DefineFunction(ModuleName, name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> results) =>
        {
            WasiErrno errno;
            try
            {
                errno = call(runOf(caller.GetData()), new WasiMemory(MemoryOf(caller)), args);
            }
            catch (WasiMemoryFault)
            {
                errno = WasiErrno.Fault;
            }
            results[0] = (int)errno;
        }, parameterKinds, [ValueKind.Int32]);
    }

    /// <summary>The caller's exported memory as one span (empty when it has none); memories here are capped well below 2 GiB.</summary>
    private static Span<byte> MemoryOf(Caller caller) =>
        caller.GetMemory("memory") is { } memory ? memory.GetSpan(0, (int)Math.Min(memory.GetLength(), int.MaxValue)) : [];

    private static uint U32(ValueBox value) => (uint)value.AsInt32();

    private static WasiErrno SizesGet(WasiMemory memory, IReadOnlyList<string> strings, uint countPointer, uint bufferSizePointer)
    {
        memory.WriteU32(countPointer, (uint)strings.Count);
        memory.WriteU32(bufferSizePointer, (uint)strings.Sum(s => WasiRun.Utf8Length(s) + 1));
        return WasiErrno.Success;
    }

    /// <summary>args_get and environ_get: NUL-terminated UTF-8 strings into the buffer, pointers to them into the array.</summary>
    private static WasiErrno WriteStrings(WasiMemory memory, IReadOnlyList<string> strings, uint pointers, uint buffer)
    {
        for (var i = 0; i < strings.Count; i++)
        {
            var length = (uint)WasiRun.Utf8Length(strings[i]);
            var target = memory.Slice(buffer, length + 1);
            Encoding.UTF8.GetBytes(strings[i], target);
            target[^1] = 0;
            memory.WriteU32(pointers + (uint)i * 4, buffer);
            buffer += length + 1;
        }
        return WasiErrno.Success;
    }

    private static WasiErrno ClockResGet(WasiMemory memory, int clock, uint resolutionPointer)
    {
        ulong resolution = clock switch
        {
            Realtime => NanosecondsPerTick,
            Monotonic or ProcessCpuTime or ThreadCpuTime => (ulong)Math.Max(1, 1_000_000_000 / TimeProvider.System.TimestampFrequency),
            _ => 0,
        };
        if (resolution == 0) return WasiErrno.Invalid;
        memory.WriteU64(resolutionPointer, resolution);
        return WasiErrno.Success;
    }

    private static WasiErrno ClockTimeGet(WasiRun wasi, WasiMemory memory, int clock, uint timePointer)
    {
        var time = TimeProvider.System;
        ulong nanoseconds;
        switch (clock)
        {
            case Realtime:
                nanoseconds = (ulong)(time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * NanosecondsPerTick;
                break;
            case Monotonic:
                nanoseconds = TimestampToNanoseconds(time.GetTimestamp());
                break;
            case ProcessCpuTime or ThreadCpuTime:
                nanoseconds = TimestampToNanoseconds(time.GetTimestamp() - wasi.StartTimestamp);
                break;
            default:
                return WasiErrno.Invalid;
        }
        memory.WriteU64(timePointer, nanoseconds);
        return WasiErrno.Success;
    }

    private static ulong TimestampToNanoseconds(long timestamp) =>
        (ulong)((Int128)timestamp * 1_000_000_000 / TimeProvider.System.TimestampFrequency);

    private static WasiErrno FdWrite(WasiRun wasi, WasiMemory memory, int fd, uint iovecs, uint iovecCount, uint writtenPointer)
    {
        if (!wasi.IsOpenStdio(fd) || fd == 0) return WasiErrno.BadFileDescriptor;
        var channel = fd == 1 ? wasi.Stdout : wasi.Stderr;
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

    /// <summary>stdin is empty: every read is end of file (after checking the arguments as a real read would).</summary>
    private static WasiErrno FdRead(WasiRun wasi, WasiMemory memory, int fd, uint iovecs, uint iovecCount, uint readPointer)
    {
        if (fd != 0 || !wasi.IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        if (iovecCount > MaxIovecs) return WasiErrno.Invalid;
        memory.CheckArray(iovecs, iovecCount, IovecSize);
        for (uint i = 0; i < iovecCount; i++)
        {
            var iovec = iovecs + i * IovecSize;
            if (memory.Slice(memory.ReadU32(iovec), memory.ReadU32(iovec + 4)).Length > 0) break; // a short read ends it, like read(2)
        }
        memory.WriteU32(readPointer, 0);
        return WasiErrno.Success;
    }

    private static WasiErrno FdFdstatGet(WasiRun wasi, WasiMemory memory, int fd, uint statPointer)
    {
        if (!wasi.IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        var rights = (fd == 0 ? RightFdRead : RightFdWrite) | RightPollFdReadWrite;
        memory.Slice(statPointer, FdstatSize).Clear(); // fdflags and rights inheriting: 0
        memory.WriteU8(statPointer, UnknownFileType);
        memory.WriteU64(statPointer + 8, rights);
        return WasiErrno.Success;
    }

    private static WasiErrno FdFilestatGet(WasiRun wasi, WasiMemory memory, int fd, uint statPointer)
    {
        if (!wasi.IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        memory.Slice(statPointer, FilestatSize).Clear(); // dev, ino, size, times: 0
        memory.WriteU8(statPointer + 16, UnknownFileType);
        memory.WriteU64(statPointer + 24, 1);            // nlink
        return WasiErrno.Success;
    }

    private static WasiErrno FdClose(WasiRun wasi, int fd)
    {
        if (!wasi.IsOpenStdio(fd)) return WasiErrno.BadFileDescriptor;
        wasi.Close(fd);
        return WasiErrno.Success;
    }
}
