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

    /// <summary>Registers every preview-1 function under <see cref="ModuleName"/>, bound to this context.</summary>
    public Linker DefineImports(Linker linker) => DefineImports(linker, _ => this);

    /// <summary>
    /// Registers every preview-1 function under <see cref="ModuleName"/>; each call finds its context
    /// with <paramref name="contextOf"/> (e.g. from <see cref="HostCallContext.HostState"/>), so one
    /// linker can serve instances that each have their own WASI state.
    /// </summary>
    public static Linker DefineImports(Linker linker, Func<HostCallContext, WasiContext> contextOf)
    {
        Define(linker, contextOf, "args_get", "ii", (w, m, a) => w.ArgsGet(m, U32(a[0]), U32(a[1])));
        Define(linker, contextOf, "args_sizes_get", "ii", (w, m, a) => SizesGet(m, w._config.Arguments, U32(a[0]), U32(a[1])));
        Define(linker, contextOf, "environ_get", "ii", (w, m, a) => w.EnvironGet(m, U32(a[0]), U32(a[1])));
        Define(linker, contextOf, "environ_sizes_get", "ii", (w, m, a) => SizesGet(m, w.EnvironmentStrings, U32(a[0]), U32(a[1])));
        Define(linker, contextOf, "clock_res_get", "ii", (w, m, a) => w.ClockResGet(m, a[0].AsI32(), U32(a[1])));
        Define(linker, contextOf, "clock_time_get", "iIi", (w, m, a) => w.ClockTimeGet(m, a[0].AsI32(), U32(a[2])));
        Define(linker, contextOf, "random_get", "ii", (w, m, a) => w.RandomGet(m, U32(a[0]), U32(a[1])));
        Define(linker, contextOf, "fd_write", "iiii", (w, m, a) => w.FdWrite(m, a[0].AsI32(), U32(a[1]), U32(a[2]), U32(a[3])));
        Define(linker, contextOf, "fd_read", "iiii", (w, m, a) => w.FdRead(m, a[0].AsI32(), U32(a[1]), U32(a[2]), U32(a[3])));
        Define(linker, contextOf, "fd_fdstat_get", "ii", (w, m, a) => w.FdFdstatGet(m, a[0].AsI32(), U32(a[1])));
        Define(linker, contextOf, "fd_filestat_get", "ii", (w, m, a) => w.FdFilestatGet(m, a[0].AsI32(), U32(a[1])));
        Define(linker, contextOf, "fd_prestat_get", "ii", (_, _, _) => WasiErrno.BadFileDescriptor);
        Define(linker, contextOf, "fd_prestat_dir_name", "iii", (_, _, _) => WasiErrno.BadFileDescriptor);
        Define(linker, contextOf, "fd_close", "i", (w, _, a) => w.FdClose(a[0].AsI32()));
        Define(linker, contextOf, "fd_seek", "iIii", (w, _, a) => w.IsOpenStdio(a[0].AsI32()) ? WasiErrno.IllegalSeek : WasiErrno.BadFileDescriptor);
        Define(linker, contextOf, "fd_tell", "ii", (w, _, a) => w.IsOpenStdio(a[0].AsI32()) ? WasiErrno.IllegalSeek : WasiErrno.BadFileDescriptor);
        Define(linker, contextOf, "fd_sync", "i", (w, _, a) => w.FlushDescriptor(a[0].AsI32()));
        Define(linker, contextOf, "fd_datasync", "i", (w, _, a) => w.FlushDescriptor(a[0].AsI32()));
        Define(linker, contextOf, "sched_yield", "", (_, _, _) => WasiErrno.Success);
        linker.DefineFunction(ModuleName, "proc_exit", new FunctionType([ValueType.I32], []),
            (_, args) => throw new WasmExitException(args[0].AsI32()));
        DefineUnsupported(linker, contextOf);
        return linker;
    }

    private delegate WasiErrno WasiCall(WasiContext wasi, GuestMemory memory, ReadOnlySpan<WasmValue> args);

    /// <summary>
    /// Defines a function returning errno. <paramref name="parameters"/> spells the parameter
    /// types, one letter each: i = i32, I = i64 (the witx lowering of preview 1).
    /// </summary>
    private static void Define(Linker linker, Func<HostCallContext, WasiContext> contextOf, string name, string parameters, WasiCall call)
    {
        var type = new FunctionType(parameters.Select(p => p == 'I' ? ValueType.I64 : ValueType.I32).ToArray(), [ValueType.I32]);
        linker.DefineFunction(ModuleName, name, type, (context, args) =>
        {
            WasiErrno errno;
            try
            {
                errno = call(contextOf(context), new GuestMemory(context.Memory is { } memory ? memory.Span : []), args);
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
