using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

public class LimitTests
{
    private const string InfiniteLoop = """(module (func (export "spin") (loop $l (br $l))))""";

    private const string Recursion = """
        (module (func $down (export "down") (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
            (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))
        """;

    [Fact]
    public void Infinite_loop_ends_with_OutOfFuel_and_the_fuel_is_accounted()
    {
        var instance = Wat.Instantiate(InfiniteLoop, new InstanceLimits { Fuel = 100_000 });
        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin").Invoke());
        Assert.Equal(TrapKind.OutOfFuel, trap.Kind);
        Assert.Equal(0, instance.FuelRemaining);
        Assert.Equal(100_000, instance.FuelConsumed);
        // Once spent, fuel stays spent.
        Assert.Equal(TrapKind.OutOfFuel, Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin").Invoke()).Kind);
    }

    [Fact]
    public void Fuel_is_charged_per_instruction_block_so_a_short_call_fits_a_small_budget()
    {
        var instance = Wat.Instantiate(Recursion, new InstanceLimits { Fuel = 10_000 });
        Assert.Equal(10, instance.GetFunction("down").Invoke(WasmValue.I32(10))[0].AsI32());
        Assert.InRange(instance.FuelConsumed, 11, 10_000);
        Assert.Equal(TrapKind.OutOfFuel, Assert.Throws<WasmTrapException>(() => instance.GetFunction("down").Invoke(WasmValue.I32(100_000))).Kind);
    }

    [Fact]
    public void Infinite_loop_ends_with_DeadlineExceeded_under_a_timeout()
    {
        var instance = Wat.Instantiate(InfiniteLoop, new InstanceLimits { Timeout = TimeSpan.FromMilliseconds(20) });
        Assert.Equal(TrapKind.DeadlineExceeded, Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin").Invoke()).Kind);
        // The timeout is per call: the next call gets a fresh budget and ends the same way.
        Assert.Equal(TrapKind.DeadlineExceeded, Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin").Invoke()).Kind);
    }

    [Fact]
    public void Infinite_loop_ends_at_an_absolute_deadline()
    {
        var instance = Wat.Instantiate(InfiniteLoop, new InstanceLimits { Deadline = DateTime.UtcNow.AddMilliseconds(20) });
        Assert.Equal(TrapKind.DeadlineExceeded, Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin").Invoke()).Kind);
    }

    [Fact]
    public void Unbounded_recursion_traps_at_the_call_depth_cap()
    {
        var instance = Wat.Instantiate(Recursion, new InstanceLimits { MaxCallDepth = 500 });
        var down = instance.GetFunction("down");
        Assert.Equal(400, down.Invoke(WasmValue.I32(400))[0].AsI32());
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<WasmTrapException>(() => down.Invoke(WasmValue.I32(600))).Kind);
        // The instance stays usable after the trap.
        Assert.Equal(3, down.Invoke(WasmValue.I32(3))[0].AsI32());
    }

    [Fact]
    public void Default_depth_cap_stops_infinite_recursion_without_overflowing_the_stack()
    {
        var instance = Wat.Instantiate("""(module (func $f (export "f") (call $f)))""");
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<WasmTrapException>(() => instance.GetFunction("f").Invoke()).Kind);
    }

    [Fact]
    public void Host_reentry_counts_toward_the_depth_cap()
    {
        var module = Wat.Compile("""
            (module (import "host" "again" (func $again))
              (func (export "f") (call $again)))
            """);
        WasmInstance? instance = null;
        var linker = new Linker().DefineFunction("host", "again", new FunctionType([], []), (_, _) =>
        {
            instance!.GetFunction("f").Invoke();
            return [];
        });
        instance = linker.Instantiate(module, new InstanceLimits { MaxCallDepth = 200 });
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<WasmTrapException>(() => instance.GetFunction("f").Invoke()).Kind);
    }

    [Fact]
    public void Memory_grow_fails_past_the_instance_cap_and_past_the_declared_max()
    {
        const string wat = """
            (module (memory 1 10) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "size") (result i32) (memory.size)))
            """;
        var capped = Wat.Instantiate(wat, new InstanceLimits { MaxMemoryPages = 3 });
        var grow = capped.GetFunction("grow");
        Assert.Equal(1, grow.Invoke(WasmValue.I32(2))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(WasmValue.I32(1))[0].AsI32());
        Assert.Equal(3, capped.GetFunction("size").Invoke()[0].AsI32());

        var uncapped = Wat.Instantiate(wat);
        Assert.Equal(-1, uncapped.GetFunction("grow").Invoke(WasmValue.I32(10))[0].AsI32());
        Assert.Equal(1, uncapped.GetFunction("grow").Invoke(WasmValue.I32(9))[0].AsI32());
        Assert.Equal(-1, uncapped.GetFunction("grow").Invoke(WasmValue.I32(-1))[0].AsI32());
    }

    [Fact]
    public void Memory_larger_than_the_cap_at_instantiation_is_refused()
    {
        var module = Wat.Compile("(module (memory 100))");
        var error = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module, new InstanceLimits { MaxMemoryPages = 10 }));
        Assert.Contains("limit", error.Message);
    }

    [Fact]
    public void Table_grow_fails_past_the_table_cap()
    {
        var instance = Wat.Instantiate("""
            (module (table 1 funcref) (func (export "grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))
            """, new InstanceLimits { MaxTableElements = 5 });
        var grow = instance.GetFunction("grow");
        Assert.Equal(1, grow.Invoke(WasmValue.I32(4))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(WasmValue.I32(1))[0].AsI32());
    }

    [Fact]
    public void Host_function_failure_becomes_a_HostError_trap_and_wasm_exceptions_pass_through()
    {
        var module = Wat.Compile("""(module (import "h" "f" (func $f (param i32))) (func (export "run") (param i32) (call $f (local.get 0))))""");
        var linker = new Linker().DefineFunction("h", "f", new FunctionType([ValueType.I32], []), (_, args) =>
            args[0].AsI32() == 0 ? throw new InvalidOperationException("boom") : throw new WasmExitException(args[0].AsI32()));
        var run = linker.Instantiate(module).GetFunction("run");
        var trap = Assert.Throws<WasmTrapException>(() => run.Invoke(WasmValue.I32(0)));
        Assert.Equal(TrapKind.HostError, trap.Kind);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
        Assert.Equal(7, Assert.Throws<WasmExitException>(() => run.Invoke(WasmValue.I32(7))).ExitCode);
    }
}
