using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

public class ExecutionTests
{
    [Fact]
    public void Recursive_factorial_computes_with_i64()
    {
        var instance = Wat.Instantiate("""
            (module (func $fac (export "fac") (param i64) (result i64)
              (if (result i64) (i64.eqz (local.get 0))
                (then (i64.const 1))
                (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """);
        var result = instance.GetFunction("fac").Invoke(WasmValue.I64(20));
        Assert.Equal(2432902008176640000L, result[0].AsI64());
    }

    [Fact]
    public void Loop_sums_memory_written_by_a_data_segment()
    {
        var instance = Wat.Instantiate("""
            (module (memory (export "mem") 1) (data (i32.const 16) "\01\02\03\04\05")
              (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
                (block $done (loop $next
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $next)))
                (local.get $s)))
            """);
        Assert.Equal(15, instance.GetFunction("sum").Invoke(WasmValue.I32(16), WasmValue.I32(5))[0].AsI32());
    }

    [Fact]
    public void Multi_value_functions_and_blocks_return_all_results()
    {
        var instance = Wat.Instantiate("""
            (module
              (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
              (func (export "f") (param i32 i64) (result i64 i32 i32)
                (local.get 0) (local.get 1) (block (param i32 i64) (result i64 i32) (call $swap))
                (i32.const 7)))
            """);
        var r = instance.GetFunction("f").Invoke(WasmValue.I32(3), WasmValue.I64(-9));
        Assert.Equal([WasmValue.I64(-9), WasmValue.I32(3), WasmValue.I32(7)], r);
    }

    [Fact]
    public void Out_of_bounds_load_traps_without_touching_host_memory()
    {
        var instance = Wat.Instantiate("""
            (module (memory 1) (func (export "load") (param i32) (result i64) (i64.load offset=4 (local.get 0))))
            """);
        var load = instance.GetFunction("load");
        Assert.Equal(0, load.Invoke(WasmValue.I32(65536 - 12))[0].AsI64());
        var trap = Assert.Throws<WasmTrapException>(() => load.Invoke(WasmValue.I32(65536 - 11)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrapException>(() => load.Invoke(WasmValue.I32(-1))).Kind);
    }

    [Fact]
    public void Call_indirect_checks_bounds_null_and_signature()
    {
        var instance = Wat.Instantiate("""
            (module (type $ii (func (param i32) (result i32)))
              (table 3 funcref) (elem (i32.const 0) $double $wrong)
              (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
              (func $wrong (result i32) (i32.const 0))
              (func (export "call") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0))))
            """);
        var call = instance.GetFunction("call");
        Assert.Equal(42, call.Invoke(WasmValue.I32(0), WasmValue.I32(21))[0].AsI32());
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Assert.Throws<WasmTrapException>(() => call.Invoke(WasmValue.I32(1), WasmValue.I32(0))).Kind);
        Assert.Equal(TrapKind.UninitializedElement, Assert.Throws<WasmTrapException>(() => call.Invoke(WasmValue.I32(2), WasmValue.I32(0))).Kind);
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, Assert.Throws<WasmTrapException>(() => call.Invoke(WasmValue.I32(3), WasmValue.I32(0))).Kind);
    }

    [Fact]
    public void Growing_page_by_page_keeps_contents_and_bounds_follow_the_size_not_the_spare_capacity()
    {
        var instance = Wat.Instantiate("""
            (module (memory (export "mem") 1 100)
              (func (export "grow") (result i32) (memory.grow (i32.const 1)))
              (func (export "size") (result i32) (memory.size))
              (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """);
        var store = instance.GetFunction("store");
        var load = instance.GetFunction("load");
        store.Invoke(WasmValue.I32(65532), WasmValue.I32(123));
        Assert.Equal(1, instance.GetFunction("grow").Invoke()[0].AsI32());
        Assert.Equal(2, instance.GetFunction("grow").Invoke()[0].AsI32());
        Assert.Equal(3, instance.GetFunction("size").Invoke()[0].AsI32());
        Assert.Equal(123, load.Invoke(WasmValue.I32(65532))[0].AsI32());
        Assert.Equal(0, load.Invoke(WasmValue.I32(3 * 65536 - 4))[0].AsI32());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrapException>(() => load.Invoke(WasmValue.I32(3 * 65536 - 3))).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrapException>(() => store.Invoke(WasmValue.I32(3 * 65536), WasmValue.I32(1))).Kind);
        Assert.Equal(3 * 65536, instance.GetMemory("mem")!.Span.Length);
    }
}
