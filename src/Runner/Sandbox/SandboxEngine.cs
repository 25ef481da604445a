using System.Reflection;
using Wasmtime;

namespace Selegic.Extensions.Runner.Sandbox;

/// <summary>
/// What an engine is configured with. The feature set (WebAssembly 2.0 with tail calls) is fixed;
/// these are the sizes. <see cref="Handlers"/> is what the Runner uses; tools that run one module
/// at a time (spec tests, <c>scrm wasm run</c>) take <see cref="Unpooled"/>.
/// </summary>
public sealed record SandboxEngineOptions
{
    public const long MiB = 1024 * 1024;

    /// <summary>Handlers: pooled instances, sized for the platform's largest memory limit (1 GiB).</summary>
    public static SandboxEngineOptions Handlers { get; } = new();

    /// <summary>Same features and stack, memories allocated on demand: for one module at a time.</summary>
    public static SandboxEngineOptions Unpooled { get; } = new() { Pooling = false };

    /// <summary>
    /// Compile with Wasmtime's baseline compiler (Winch) instead of the optimizing one (Cranelift):
    /// several times faster to compile, slower code. The module cache uses it to answer a cold first
    /// call quickly while the optimized module is compiled in the background.
    /// </summary>
    public bool Baseline { get; init; }

    /// <summary>
    /// Instances, memories and tables come from pools reserved once: instantiating is then a few
    /// microseconds instead of mapping fresh memory each time.
    /// </summary>
    public bool Pooling { get; init; } = true;

    /// <summary>Instances alive at once (pooling only); an instantiation past it fails, it does not wait.</summary>
    public int MaxInstances { get; init; } = 256;

    /// <summary>Largest linear memory any instance may reach (pooling slot size); a store's own cap is set per store and must not exceed it.</summary>
    public long MaxMemoryBytes { get; init; } = 1024 * MiB;

    /// <summary>Largest table any instance may define or grow to (pooling only).</summary>
    public int MaxTableElements { get; init; } = 100_000;

    /// <summary>Tables one module may define (pooling only); wasm@1 handlers have one.</summary>
    public int MaxTablesPerModule { get; init; } = 4;

    /// <summary>Bytes of each pooled memory kept mapped when its instance ends, so the next instance does not fault them in again.</summary>
    public long KeepResidentBytesPerMemory { get; init; } = 256 * 1024;

    /// <summary>Native stack wasm may use before it traps with a stack overflow (runaway recursion).</summary>
    public int MaxWasmStackBytes { get; init; } = 512 * 1024;

    /// <summary>How often the epoch ticker advances the engine's epoch: the resolution of timeouts.</summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(2);
}

/// <summary>
/// The one Wasmtime engine of a process (<see cref="Shared"/>), configured once: WebAssembly 2.0
/// (SIMD, bulk memory, reference types, multi-value) plus tail calls, fuel metering, epoch
/// interruption driven by a ticker thread, a capped wasm stack, copy-on-write memory
/// initialisation and, for handlers, the pooling allocator. Features outside that set are turned
/// off explicitly, so a module using one fails validation instead of depending on a Wasmtime default.
/// </summary>
public sealed class SandboxEngine : IDisposable
{
    private static readonly Lazy<SandboxEngine> SharedEngine = new(() => new SandboxEngine(SandboxEngineOptions.Handlers));
    private static readonly Lazy<SandboxEngine> SharedBaselineEngine = new(() => new SandboxEngine(SandboxEngineOptions.Handlers with { Baseline = true }));

    private readonly Thread _ticker;
    private volatile bool _disposed;

    public SandboxEngine(SandboxEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EpochTick <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "EpochTick must be positive.");
        Options = options;
        Fingerprint = FingerprintOf(options);
        Engine = new Engine(CreateConfig(options));
        _ticker = new Thread(Tick) { IsBackground = true, Name = "scrm-wasm-epoch" };
        _ticker.Start();
    }

    /// <summary>The process's engine for handlers (<see cref="SandboxEngineOptions.Handlers"/>); never disposed.</summary>
    public static SandboxEngine Shared => SharedEngine.Value;

    /// <summary>The handlers' engine with the baseline compiler, for cold first calls (<see cref="SandboxEngineOptions.Baseline"/>); never disposed.</summary>
    public static SandboxEngine SharedBaseline => SharedBaselineEngine.Value;

    /// <summary>The Wasmtime release this process runs (the package's product version, without the commit).</summary>
    public static string WasmtimeVersion { get; } = ReadWasmtimeVersion();

    public Engine Engine { get; }

    public SandboxEngineOptions Options { get; }

    /// <summary>
    /// Names the Wasmtime version and every setting that shapes compiled code: precompiled modules
    /// are stored under it and only loaded by an engine with the same fingerprint.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>
    /// A store ready to run: fuel and the epoch deadline set (a store without them would trap on
    /// its first instruction, since both are enabled), memory and table growth capped.
    /// Null means the engine-wide bound (for fuel: <see cref="ulong.MaxValue"/>; for time: none).
    /// </summary>
    public Store CreateStore(TimeSpan? timeout = null, ulong? fuel = null, long? maxMemoryBytes = null, object? data = null)
    {
        var store = data is null ? new Store(Engine) : new Store(Engine, data);
        store.Fuel = fuel ?? ulong.MaxValue;
        store.SetEpochDeadline(timeout is { } t ? DeadlineTicks(t) : ulong.MaxValue);
        store.SetLimits(
            memorySize: Math.Min(maxMemoryBytes ?? Options.MaxMemoryBytes, Options.MaxMemoryBytes),
            tableElements: (uint)Options.MaxTableElements,
            instances: null, tables: null, memories: null);
        return store;
    }

    /// <summary>Epoch ticks for <paramref name="timeout"/>, rounded up: a deadline never fires early.</summary>
    public ulong DeadlineTicks(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 1 : (ulong)Math.Ceiling(timeout.Ticks / (double)Options.EpochTick.Ticks) + 1;

    /// <summary>The Wasmtime configuration for <paramref name="options"/> (the caller owns it; <see cref="Engine"/>'s constructor disposes it).</summary>
    public static Config CreateConfig(SandboxEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new Config()
            .WithCompilerStrategy(CompilerStrategy.Cranelift)
            .WithOptimizationLevel(OptimizationLevel.Speed)
            // WebAssembly 2.0 ...
            .WithSIMD(true)
            .WithBulkMemory(true)
            .WithReferenceTypes(true)
            .WithMultiValue(true)
            // ... plus tail calls; nothing later is promised to guests
            .WithTailCalls(true)
            .WithRelaxedSIMD(false, false)
            .WithMultiMemory(false)
            .WithMemory64(false)
            .WithWasmThreads(false)
            .WithFunctionReferences(false)
            .WithGc(false)
            .WithExceptions(false)
            .WithWideArithmetic(false)
            .WithComponentModel(false)
            .WithFuelConsumption(true)
            .WithEpochInterruption(true)
            .WithMaximumStackSize(options.MaxWasmStackBytes)
            .WithMemoryInitCopyOnWrite(true)
            .WithDebugInfo(false);
        if (options.Baseline) BaselineCompiler.Select(config);
        if (options.Pooling)
        {
            using var pooling = new PoolingAllocationConfig()
                .WithMaxCoreInstances((uint)options.MaxInstances)
                .WithMaxMemories((uint)options.MaxInstances)
                .WithMaxTables((uint)(options.MaxInstances * options.MaxTablesPerModule))
                .WithMaxMemoriesPerModule(1)
                .WithMaxTablesPerModule((uint)options.MaxTablesPerModule)
                .WithMaxTableElements((nuint)options.MaxTableElements)
                .WithMaxMemorySize((nuint)options.MaxMemoryBytes)
                .WithLinearMemoryKeepResidentBytes((nuint)options.KeepResidentBytesPerMemory)
                .WithMaxGcHeaps((uint)options.MaxInstances)
                .WithTotalComponentInstances(0);
            config.WithPoolingAllocationStrategy(pooling);
        }
        return config;
    }

    /// <summary>See <see cref="Fingerprint"/>; pooling sizes are included too, so any change of configuration recompiles rather than risks a mismatch.</summary>
    public static string FingerprintOf(SandboxEngineOptions options) =>
        $"wasmtime {WasmtimeVersion}; {RuntimeArchitecture()}; {(options.Baseline ? "winch" : "cranelift speed")}; wasm2.0+tail-calls; fuel; epoch; "
        + $"stack={options.MaxWasmStackBytes}; cow; pooling={(options.Pooling ? $"{options.MaxInstances}x{options.MaxMemoryBytes}/{options.MaxTablesPerModule}x{options.MaxTableElements}" : "off")}";

    public void Dispose()
    {
        if (IsShared(SharedEngine) || IsShared(SharedBaselineEngine) || _disposed) return;
        _disposed = true;
        _ticker.Join();
        Engine.Dispose();
    }

    private bool IsShared(Lazy<SandboxEngine> shared) => shared.IsValueCreated && ReferenceEquals(this, shared.Value);

    private void Tick()
    {
        while (!_disposed)
        {
            Thread.Sleep(Options.EpochTick);
            if (!_disposed) Engine.IncrementEpoch();
        }
    }

    private static string RuntimeArchitecture() => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    private static string ReadWasmtimeVersion()
    {
        var version = typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Engine).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
