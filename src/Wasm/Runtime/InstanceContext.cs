using System.Diagnostics;
using Selegic.Extensions.Wasm.Compilation;
using Selegic.Extensions.Wasm.Model;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// The per-instance state compiled code works on. Every compiled function receives its
/// instance's context as an argument, so one compiled module serves any number of instances.
/// Fields are read directly by generated IL (see <see cref="ContextFields"/>).
/// </summary>
internal class InstanceContext
{
    /// <summary>Fuel units handed out between two deadline checks when a deadline is set.</summary>
    private const long DeadlineSlice = 1 << 16;

    /// <summary>Stands for "no fuel limit": far more than any program can burn.</summary>
    private const long UnlimitedFuel = long.MaxValue / 4;

    public WasmMemory? Memory;
    /// <summary>The memory this instance defined (not imported): the one it releases when disposed.</summary>
    public WasmMemory? OwnedMemory;
    public WasmGlobal[] Globals = [];
    public WasmTable[] Tables = [];
    public WasmFunction[] Functions = [];
    public FunctionType[] Types = [];
    public CompiledModule? Module;
    public WasmInstance? Instance;
    /// <summary>The embedder's per-instance object, handed to host functions (<see cref="HostCallContext.HostState"/>).</summary>
    public object? HostState;

    /// <summary>Dropped passive/active segments (data.drop, elem.drop, and after instantiation).</summary>
    public bool[] DroppedData = [];
    public bool[] DroppedElements = [];

    // Execution limits. Budget is charged by compiled code; when it goes negative
    // OnBudgetExhausted decides between refilling, OutOfFuel and DeadlineExceeded.
    public long Budget;
    public long FuelReserve = UnlimitedFuel;
    public bool FuelLimited;
    public long InitialFuel = UnlimitedFuel;
    public int MaxCallDepth = InstanceLimits.DefaultMaxCallDepth;
    public uint MaxMemoryPages = WasmMemory.MaxPagesSupported;
    public uint MaxTableElements = WasmTable.MaxElementsSupported;
    public int MemoryGrowRefusals;
    private long _timeoutTicks = -1;
    private long _absoluteDeadline = long.MaxValue;
    private long _deadline = long.MaxValue;
    private int _activeCalls;
    private HostCallContext? _hostCallContext;

    /// <summary>Value of a constant expression (globals, segment offsets and items) in this instance.</summary>
    public WasmValue Evaluate(ConstantExpression e, Model.ValueType type) => e.Kind switch
    {
        ConstantKind.I32 => WasmValue.I32((int)e.Bits),
        ConstantKind.I64 => WasmValue.I64((long)e.Bits),
        ConstantKind.F32 => WasmValue.F32Bits((uint)e.Bits),
        ConstantKind.F64 => WasmValue.F64Bits(e.Bits),
        ConstantKind.GlobalGet => Globals[e.Index].Value,
        ConstantKind.RefFunc => WasmValue.FuncRef(Functions[e.Index]),
        _ => WasmValue.NullRef(type),
    };

    public object? EvaluateReference(ConstantExpression e) => e.Kind switch
    {
        ConstantKind.RefFunc => Functions[e.Index],
        ConstantKind.GlobalGet => Globals[e.Index].Ref,
        _ => null,
    };

    public HostCallContext HostCallContext => _hostCallContext ??= new HostCallContext(this);

    public long FuelRemaining => Math.Max(0, FuelReserve + Budget);

    public void ApplyLimits(InstanceLimits? limits)
    {
        if (limits is null) return;
        if (limits.Fuel is { } fuel)
        {
            FuelLimited = true;
            InitialFuel = FuelReserve = Math.Clamp(fuel, 0, UnlimitedFuel);
        }
        if (limits.MaxCallDepth is { } depth) MaxCallDepth = Math.Max(1, depth);
        if (limits.MaxMemoryPages is { } pages) MaxMemoryPages = Math.Min(pages, WasmMemory.MaxPagesSupported);
        if (limits.MaxTableElements is { } elements) MaxTableElements = Math.Min(elements, WasmTable.MaxElementsSupported);
        if (limits.Timeout is { } timeout)
            _timeoutTicks = (long)Math.Min(timeout.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4.0);
        if (limits.Deadline is { } deadline)
        {
            var seconds = (deadline.ToUniversalTime() - DateTime.UtcNow).TotalSeconds;
            _absoluteDeadline = Stopwatch.GetTimestamp() + (long)Math.Clamp(seconds * Stopwatch.Frequency, 0, long.MaxValue / 4.0);
        }
        _deadline = _absoluteDeadline;
    }

    /// <summary>Starts a call from the host: arms the per-call timeout on the outermost call.</summary>
    public void EnterFromHost()
    {
        if (_activeCalls++ == 0 && _timeoutTicks >= 0)
            _deadline = Math.Min(_absoluteDeadline, Stopwatch.GetTimestamp() + _timeoutTicks);
        if (_deadline != long.MaxValue) Reslice();
    }

    public void ExitFromHost()
    {
        if (--_activeCalls == 0) _deadline = _absoluteDeadline;
    }

    /// <summary>Called by compiled code when <see cref="Budget"/> went negative.</summary>
    public void OnBudgetExhausted()
    {
        var remaining = FuelReserve + Budget;
        if (remaining < 0)
        {
            FuelReserve = 0;
            Budget = 0;
            throw new WasmTrapException(TrapKind.OutOfFuel);
        }
        if (_deadline != long.MaxValue && Stopwatch.GetTimestamp() >= _deadline)
        {
            throw new WasmTrapException(TrapKind.DeadlineExceeded);
        }
        Reslice();
    }

    /// <summary>Moves fuel between the reserve and the budget so the next check comes at the right time.</summary>
    private void Reslice()
    {
        var remaining = Math.Max(0, FuelReserve + Budget);
        var slice = _deadline != long.MaxValue ? Math.Min(remaining, DeadlineSlice) : remaining;
        Budget = slice;
        FuelReserve = remaining - slice;
    }
}
