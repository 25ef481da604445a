using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Hostile;

/// <summary>Each hostile module is stopped by its limit with its own error, never by crashing or hanging the host.</summary>
public sealed class HostileModuleTests
{
    private static readonly WasmEngine Engine = new();

    /// <summary>Liveness guard only: a limit that does not work must fail the test, not hang the run.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

    [Fact]
    public void Infinite_loop_is_stopped_by_fuel()
    {
        var instance = new Linker().Instantiate(Engine.Compile(HostileModules.InfiniteLoop), new InstanceLimits { Fuel = 1_000_000 });

        var trap = InvokeExpectingTrap(instance, "spin");

        Assert.Equal(TrapKind.OutOfFuel, trap.Kind);
    }

    [Fact]
    public void Infinite_loop_is_stopped_by_the_deadline()
    {
        var instance = new Linker().Instantiate(Engine.Compile(HostileModules.InfiniteLoop),
            new InstanceLimits { Timeout = TimeSpan.FromMilliseconds(50) });

        var trap = InvokeExpectingTrap(instance, "spin");

        Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
    }

    [Fact]
    public void Memory_bomb_is_refused_growth_at_the_cap_and_cannot_write_past_it()
    {
        var module = Engine.Compile(HostileModules.MemoryBomb);
        var limits = new InstanceLimits { MaxMemoryPages = 256 };   // 16 MiB

        var pages = new Linker().Instantiate(module, limits).GetFunction("grow_until_refused").Invoke()[0].AsI32();
        var trap = InvokeExpectingTrap(new Linker().Instantiate(module, limits), "write_past_end");

        Assert.Equal(256, pages);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Fact]
    public void Module_asking_for_more_initial_memory_than_the_caps_does_not_instantiate()
    {
        var module = Engine.Compile(HostileModules.HugeInitialMemory);

        var capped = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module, new InstanceLimits { MaxMemoryPages = 256 }));
        var uncapped = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module));

        Assert.Contains("exceeds the instance limit of 256 pages", capped.Message);
        Assert.Contains("exceeds the", uncapped.Message);   // the engine's own ceiling applies without a cap
    }

    [Theory]
    [InlineData("recurse")]
    [InlineData("recurse_wide")]
    public void Unbounded_recursion_traps_at_the_depth_cap(string export)
    {
        var instance = new Linker().Instantiate(Engine.Compile(HostileModules.UnboundedRecursion), new InstanceLimits { MaxCallDepth = 5_000 });

        Assert.Equal(TrapKind.CallStackExhausted, InvokeExpectingTrap(instance, export).Kind);
    }

    [Theory]
    [InlineData("recurse")]
    [InlineData("recurse_wide")]
    public void Unbounded_recursion_traps_with_default_limits_even_on_a_small_thread_stack(string export)
    {
        var instance = new Linker().Instantiate(Engine.Compile(HostileModules.UnboundedRecursion));
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try { Invoke(instance, export); }
            catch (Exception e) { caught = e; }
        }, maxStackSize: 256 * 1024);

        thread.Start();
        Assert.True(thread.Join(GiveUpAfter), "recursion did not end");

        var trap = Assert.IsType<WasmTrapException>(caught);
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
    }

    [Fact]
    public void Huge_function_count_is_rejected_by_the_decoder_limit()
    {
        var engine = new WasmEngine(new EngineOptions { DecoderLimits = new DecoderLimits { MaxFunctions = 10_000 } });

        Assert.NotNull(engine.Compile(HostileModules.ManyFunctions(10_000)));
        var error = Assert.Throws<WasmMalformedException>(() => engine.Compile(HostileModules.ManyFunctions(10_001)));
        Assert.StartsWith("limit exceeded:", error.Message);
    }

    [Fact]
    public void Function_count_claiming_four_billion_is_rejected_without_allocating_for_it()
    {
        var error = Assert.Throws<WasmMalformedException>(() => Engine.Compile(HostileModules.LyingFunctionCount()));
        Assert.StartsWith("limit exceeded:", error.Message);
    }

    [Fact]
    public void Huge_table_count_is_rejected_by_the_decoder_limit()
    {
        var engine = new WasmEngine(new EngineOptions { DecoderLimits = new DecoderLimits { MaxTables = 100 } });

        Assert.NotNull(engine.Compile(HostileModules.ManyTables(100)));
        var error = Assert.Throws<WasmMalformedException>(() => engine.Compile(HostileModules.ManyTables(100_000)));
        Assert.StartsWith("limit exceeded:", error.Message);
    }

    [Fact]
    public void Table_of_four_billion_elements_does_not_instantiate_past_the_table_caps()
    {
        var module = Engine.Compile(HostileModules.HugeTable);

        var capped = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module, new InstanceLimits { MaxTableElements = 100_000 }));
        var uncapped = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module));

        Assert.Contains("exceeds the instance limit of 100000", capped.Message);
        Assert.Contains("exceeds the", uncapped.Message);   // the engine's own ceiling applies without a cap
    }

    private static WasmValue[] Invoke(WasmInstance instance, string export)
    {
        var function = instance.GetFunction(export);
        return function.Type.Parameters.Length switch
        {
            0 => function.Invoke(),
            1 => function.Invoke(WasmValue.I64(0)),
            _ => function.Invoke(Enumerable.Range(0, function.Type.Parameters.Length).Select(i => WasmValue.F64(i)).ToArray()),
        };
    }

    private static WasmTrapException InvokeExpectingTrap(WasmInstance instance, string export)
    {
        var run = Task.Run(() => Invoke(instance, export));
        Assert.True(((Task)run).ContinueWith(_ => { }).Wait(GiveUpAfter), $"{export} was not stopped");
        var error = Assert.IsType<AggregateException>(run.Exception).InnerException;
        return Assert.IsType<WasmTrapException>(error);
    }
}
