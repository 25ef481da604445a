using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.Wasm.Tests.Tools;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

/// <summary>
/// Instances of a pooled engine reuse memory buffers: a new instance must never see what an
/// earlier one wrote, and a disposed instance must not reach a buffer someone else now owns.
/// </summary>
public sealed class LinearMemoryPoolTests
{
    private const string Scribbler = """
        (module (memory (export "memory") 2 8)
          (func (export "fill") (param $value i32)
            (memory.fill (i32.const 0) (local.get $value) (i32.mul (memory.size) (i32.const 65536))))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """;

    private static (WasmEngine Engine, LinearMemoryPool Pool, WasmModule Module) Pooled(long maxRetainedBytes = 64L * 1024 * 1024)
    {
        var pool = new LinearMemoryPool(maxRetainedBytes);
        var engine = new WasmEngine(new EngineOptions { MemoryPool = pool });
        return (engine, pool, engine.Compile(WasmCompilers.CompileWat(Scribbler)));
    }

    [Fact]
    public void A_new_instance_sees_zeroed_memory_even_after_the_previous_one_filled_and_grew_it()
    {
        var (_, pool, module) = Pooled();
        using (var first = new Linker().Instantiate(module))
        {
            Assert.Equal(2, first.GetFunction("grow").Invoke(WasmValue.I32(3))[0].AsI32()); // 5 pages, spare capacity of the pooled buffer
            first.GetFunction("fill").Invoke(WasmValue.I32(0xAB));
            Assert.Equal(0xAB, first.GetFunction("load").Invoke(WasmValue.I32(5 * 65536 - 1))[0].AsI32());
        }
        Assert.True(pool.RetainedBytes > 0, "the disposed instance's buffer went back to the pool");

        for (var i = 0; i < 3; i++)
        {
            using var next = new Linker().Instantiate(module);
            var memory = next.GetMemory("memory")!;
            Assert.Equal(2u, memory.Pages);
            Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0, "a reused buffer leaked bytes into a new instance");
            // Growing inside the buffer's spare capacity must find zeros too.
            Assert.Equal(2, next.GetFunction("grow").Invoke(WasmValue.I32(6))[0].AsI32());
            Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0, "spare capacity of a reused buffer was not zero");
            next.GetFunction("fill").Invoke(WasmValue.I32(i + 1));
        }
    }

    [Fact]
    public void A_disposed_instance_traps_instead_of_touching_its_old_buffer()
    {
        var (_, _, module) = Pooled();
        var instance = new Linker().Instantiate(module);
        instance.Dispose();
        instance.Dispose(); // twice is harmless

        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("load").Invoke(WasmValue.I32(0)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(0u, instance.GetMemory("memory")!.Pages);
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_cap()
    {
        var (_, pool, module) = Pooled(maxRetainedBytes: 256 * 1024); // room for two of the 128 KiB buffers these instances use
        var instances = Enumerable.Range(0, 5).Select(_ => new Linker().Instantiate(module)).ToList();
        foreach (var instance in instances) instance.Dispose();
        Assert.InRange(pool.RetainedBytes, 1, pool.MaxRetainedBytes);
    }

    [Fact]
    public void Rent_rounds_up_to_power_of_two_classes_and_falls_back_beyond_the_largest()
    {
        var pool = new LinearMemoryPool(maxRetainedBytes: 64L * 1024 * 1024, maxPooledBytes: 1024 * 1024);
        Assert.Equal(64 * 1024, pool.Rent(0).Length);
        Assert.Equal(256 * 1024, pool.Rent(3 * 65536).Length);
        var large = pool.Rent(3 * 1024 * 1024);
        Assert.Equal(3 * 1024 * 1024, large.Length); // exact, not pooled
        pool.Return(large, large.Length);
        Assert.Equal(0, pool.RetainedBytes);

        var buffer = pool.Rent(65536);
        buffer[65535] = 7;
        pool.Return(buffer, 65536);
        var again = pool.Rent(65536);
        Assert.Same(buffer, again);
        Assert.Equal(0, again[65535]);
    }

    [Fact]
    public void An_engine_without_a_pool_still_disposes_cleanly()
    {
        var module = new WasmEngine().Compile(WasmCompilers.CompileWat(Scribbler));
        var instance = new Linker().Instantiate(module);
        instance.GetFunction("fill").Invoke(WasmValue.I32(1));
        instance.Dispose();
        Assert.Throws<WasmTrapException>(() => instance.GetFunction("load").Invoke(WasmValue.I32(0)));
    }
}
