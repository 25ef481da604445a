using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Hostile;

[CollectionDefinition(nameof(HostileLoopTests), DisableParallelization = true)]
public sealed class HostileLoopCollection;

/// <summary>
/// The process survives a thousand hostile runs and does not keep what they allocated: every
/// iteration compiles a hostile module, instantiates it under limits and lets it hit them.
/// Runs alone so other tests' allocations do not blur the measurement.
/// </summary>
[Collection(nameof(HostileLoopTests))]
public sealed class HostileLoopTests
{
    private const int Runs = 1_000;
    private const long AllowedGrowthBytes = 16L * 1024 * 1024;

    private static readonly (string Name, Func<WasmEngine, TrapKind?> Run)[] Attacks =
    [
        ("infinite loop, fuel", engine => TrapOf(() => new Linker()
            .Instantiate(engine.Compile(HostileModules.InfiniteLoop), new InstanceLimits { Fuel = 100_000 })
            .GetFunction("spin").Invoke())),
        ("infinite loop, deadline", engine => TrapOf(() => new Linker()
            .Instantiate(engine.Compile(HostileModules.InfiniteLoop), new InstanceLimits { Timeout = TimeSpan.FromMilliseconds(1) })
            .GetFunction("spin").Invoke())),
        ("memory bomb", engine => TrapOf(() => new Linker()
            .Instantiate(engine.Compile(HostileModules.MemoryBomb), new InstanceLimits { MaxMemoryPages = 64 })
            .GetFunction("write_past_end").Invoke())),
        ("unbounded recursion", engine => TrapOf(() => new Linker()
            .Instantiate(engine.Compile(HostileModules.UnboundedRecursion), new InstanceLimits { MaxCallDepth = 2_000 })
            .GetFunction("recurse").Invoke(WasmValue.I64(0)))),
        ("lying function count", engine =>
        {
            Assert.Throws<WasmMalformedException>(() => engine.Compile(HostileModules.LyingFunctionCount()));
            return null;
        }),
    ];

    private static readonly TrapKind?[] Expected =
        [TrapKind.OutOfFuel, TrapKind.DeadlineExceeded, TrapKind.OutOfBoundsMemoryAccess, TrapKind.CallStackExhausted, null];

    [Fact]
    public void A_thousand_hostile_runs_end_by_their_limits_with_flat_memory()
    {
        var engine = new WasmEngine();
        for (var i = 0; i < 2 * Attacks.Length; i++) RunOne(engine, i);   // warm up: JIT, caches
        var before = SettledHeapBytes();

        for (var i = 0; i < Runs; i++) RunOne(engine, i);

        var growth = SettledHeapBytes() - before;
        Assert.True(growth < AllowedGrowthBytes, $"managed heap grew by {growth:N0} bytes over {Runs} hostile runs");
    }

    private static void RunOne(WasmEngine engine, int i)
    {
        var attack = i % Attacks.Length;
        var kind = Attacks[attack].Run(engine);
        Assert.True(Expected[attack] == kind, $"run {i} ({Attacks[attack].Name}) ended with {kind?.ToString() ?? "no trap"}, expected {Expected[attack]}");
    }

    private static TrapKind? TrapOf(Action run)
    {
        try
        {
            run();
            return null;
        }
        catch (WasmTrapException trap)
        {
            return trap.Kind;
        }
    }

    private static long SettledHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
