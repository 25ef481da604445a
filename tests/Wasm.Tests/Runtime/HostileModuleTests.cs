using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

public class HostileModuleTests
{
    private const string Hostile = """
        (module (memory 1)
          (func (export "spin") (loop $l (br $l)))
          (func $deep (export "deep") (param i64) (result i64) (i64.add (local.get 0) (call $deep (local.get 0))))
          (func (export "pages") (result i32) (memory.size))
          (func (export "bomb") (loop $l (br_if $l (i32.ne (memory.grow (i32.const 4)) (i32.const -1))))))
        """;

    [Fact]
    public void A_thousand_compiles_and_runs_of_hostile_modules_keep_memory_flat()
    {
        var engine = new WasmEngine();
        var bytes = Wat.ToWasm(Hostile);
        var limits = new InstanceLimits { Fuel = 20_000, MaxCallDepth = 200, MaxMemoryPages = 16 };

        void RunOnce()
        {
            var module = engine.Compile(bytes);
            var instance = new Linker().Instantiate(module, limits);
            Assert.Equal(TrapKind.OutOfFuel, Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin").Invoke()).Kind);
            var fresh = new Linker().Instantiate(module, limits);
            Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<WasmTrapException>(() => fresh.GetFunction("deep").Invoke(WasmValue.I64(1))).Kind);
            fresh.GetFunction("bomb").Invoke();
            Assert.Equal(13, fresh.GetFunction("pages").Invoke()[0].AsI32());
        }

        for (var i = 0; i < 50; i++) RunOnce();
        var before = SettledHeapBytes();
        for (var i = 0; i < 1_000; i++) RunOnce();
        var after = SettledHeapBytes();
        Assert.True(after - before < 16 << 20, $"managed heap grew by {(after - before) >> 20} MiB over 1,000 runs");
    }

    [Fact]
    public void Recursion_with_large_frames_on_a_small_thread_stack_traps_instead_of_overflowing()
    {
        var locals = string.Join(' ', Enumerable.Repeat("i64", 4_000));
        var instance = Wat.Instantiate($$"""
            (module (func $f (export "f") (param i32) (result i32) (local {{locals}})
              (i32.add (local.get 0) (call $f (local.get 0)))))
            """, new InstanceLimits { MaxCallDepth = 1_000_000 });
        WasmTrapException? trap = null;
        var thread = new Thread(() => trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("f").Invoke(WasmValue.I32(1))), 512 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(TrapKind.CallStackExhausted, trap!.Kind);
    }

    [Fact]
    public void A_function_with_more_locals_than_the_engine_allows_is_rejected_at_compile_time()
    {
        var bytes = Wat.ToWasm($"(module (func (local {string.Join(' ', Enumerable.Repeat("i32", 9_000))})))");
        var error = Assert.Throws<WasmInvalidException>(() => new WasmEngine().Compile(bytes));
        Assert.Contains("engine limit", error.Message);
    }

    [Fact]
    public void An_operand_stack_deeper_than_the_engine_allows_is_rejected_at_compile_time()
    {
        var pushes = string.Concat(Enumerable.Repeat("(i32.const 1) ", 3_000));
        var drops = string.Concat(Enumerable.Repeat("(drop) ", 3_000));
        var bytes = Wat.ToWasm($"(module (func {pushes} {drops}))");
        var error = Assert.Throws<WasmInvalidException>(() => new WasmEngine().Compile(bytes));
        Assert.Contains("operand stack", error.Message);
    }

    [Fact]
    public void Deeply_nested_blocks_loops_and_ifs_compile_and_run()
    {
        const int depth = 1_000;
        var open = string.Concat(Enumerable.Repeat("(block (loop (if (i32.const 1) (then ", depth));
        var close = string.Concat(Enumerable.Repeat("))))", depth));
        var instance = Wat.Instantiate($"(module (global $g (mut i32) (i32.const 0)) (func (export \"f\") (result i32) {open} (global.set $g (i32.const 42)) {close} (global.get $g)))");
        Assert.Equal(42, instance.GetFunction("f").Invoke()[0].AsI32());
    }

    private static long SettledHeapBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
