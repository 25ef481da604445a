using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>
/// The state of one WASI preview-1 run (standard streams, open descriptors, start time) and the
/// host functions that implement it. Create one per instance, call <see cref="DefineImports"/> on
/// the linker used to instantiate the program. All 46 preview-1 functions are defined, so any
/// preview-1 module links; the ones outside the supported subset return ENOSYS or EBADF.
/// </summary>
public sealed partial class WasiContext
{
    public const string ModuleName = "wasi_snapshot_preview1";

    private readonly WasiConfiguration _config;
    private readonly WasiOutputChannel _stdout;
    private readonly WasiOutputChannel _stderr;
    private readonly bool[] _stdioOpen = [true, true, true];
    private readonly long _startTimestamp;

    public WasiContext(WasiConfiguration configuration)
    {
        _config = configuration;
        _stdout = new WasiOutputChannel(1, configuration.Stdout, configuration.MaxStdoutBytes);
        _stderr = new WasiOutputChannel(2, configuration.Stderr, configuration.MaxStderrBytes);
        _startTimestamp = configuration.Time.GetTimestamp();
    }

    /// <summary>stdout bytes, when the configuration captures them (no sink); otherwise empty.</summary>
    public byte[] CapturedStdout => _stdout.Captured;

    /// <summary>stderr bytes, when the configuration captures them (no sink); otherwise empty.</summary>
    public byte[] CapturedStderr => _stderr.Captured;

    /// <summary>Flushes forwarded output; call when the run ends.</summary>
    public void FlushOutput()
    {
        _stdout.Flush();
        _stderr.Flush();
    }

    /// <summary>Registers every preview-1 function under <see cref="ModuleName"/>.</summary>
    public Linker DefineImports(Linker linker)
    {
        Define(linker, "args_get", "ii", (m, a) => ArgsGet(m, U32(a[0]), U32(a[1])));
        Define(linker, "args_sizes_get", "ii", (m, a) => SizesGet(m, _config.Arguments, U32(a[0]), U32(a[1])));
        Define(linker, "environ_get", "ii", (m, a) => EnvironGet(m, U32(a[0]), U32(a[1])));
        Define(linker, "environ_sizes_get", "ii", (m, a) => SizesGet(m, EnvironmentStrings, U32(a[0]), U32(a[1])));
        Define(linker, "clock_res_get", "ii", (m, a) => ClockResGet(m, a[0].AsI32(), U32(a[1])));
        Define(linker, "clock_time_get", "iIi", (m, a) => ClockTimeGet(m, a[0].AsI32(), U32(a[2])));
        Define(linker, "random_get", "ii", (m, a) => RandomGet(m, U32(a[0]), U32(a[1])));
        Define(linker, "fd_write", "iiii", (m, a) => FdWrite(m, a[0].AsI32(), U32(a[1]), U32(a[2]), U32(a[3])));
        Define(linker, "fd_read", "iiii", (m, a) => FdRead(m, a[0].AsI32(), U32(a[1]), U32(a[2]), U32(a[3])));
        Define(linker, "fd_fdstat_get", "ii", (m, a) => FdFdstatGet(m, a[0].AsI32(), U32(a[1])));
        Define(linker, "fd_filestat_get", "ii", (m, a) => FdFilestatGet(m, a[0].AsI32(), U32(a[1])));
        Define(linker, "fd_prestat_get", "ii", (_, _) => WasiErrno.BadFileDescriptor);
        Define(linker, "fd_prestat_dir_name", "iii", (_, _) => WasiErrno.BadFileDescriptor);
        Define(linker, "fd_close", "i", (_, a) => FdClose(a[0].AsI32()));
        Define(linker, "fd_seek", "iIii", (_, a) => IsOpenStdio(a[0].AsI32()) ? WasiErrno.IllegalSeek : WasiErrno.BadFileDescriptor);
        Define(linker, "fd_tell", "ii", (_, a) => IsOpenStdio(a[0].AsI32()) ? WasiErrno.IllegalSeek : WasiErrno.BadFileDescriptor);
        Define(linker, "fd_sync", "i", (_, a) => FlushDescriptor(a[0].AsI32()));
        Define(linker, "fd_datasync", "i", (_, a) => FlushDescriptor(a[0].AsI32()));
        Define(linker, "sched_yield", "", (_, _) => WasiErrno.Success);
        linker.DefineFunction(ModuleName, "proc_exit", new FunctionType([ValueType.I32], []),
            (_, args) => throw new WasmExitException(args[0].AsI32()));
        DefineUnsupported(linker);
        return linker;
    }

    private delegate WasiErrno WasiCall(GuestMemory memory, ReadOnlySpan<WasmValue> args);

    /// <summary>
    /// Defines a function returning errno. <paramref name="parameters"/> spells the parameter
    /// types, one letter each: i = i32, I = i64 (the witx lowering of preview 1).
    /// </summary>
    private static void Define(Linker linker, string name, string parameters, WasiCall call)
    {
        var type = new FunctionType(parameters.Select(p => p == 'I' ? ValueType.I64 : ValueType.I32).ToArray(), [ValueType.I32]);
        linker.DefineFunction(ModuleName, name, type, (context, args) =>
        {
            WasiErrno errno;
            try
            {
                errno = call(new GuestMemory(context.Memory is { } memory ? memory.Span : []), args);
            }
            catch (GuestMemoryFault)
            {
                errno = WasiErrno.Fault;
            }
            return [WasmValue.I32((int)errno)];
        });
    }

    private static uint U32(WasmValue value) => (uint)value.AsI32();

    private bool IsOpenStdio(int fd) => fd is >= 0 and <= 2 && _stdioOpen[fd];
}
