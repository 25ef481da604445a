using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

public class LinkingTests
{
    private const string Provider = """
        (module
          (memory (export "mem") 1)
          (global (export "counter") (mut i32) (i32.const 10))
          (table (export "tab") 2 funcref) (elem (i32.const 0) $seven)
          (func $seven (export "seven") (result i32) (i32.const 7))
          (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
        """;

    private const string Consumer = """
        (module
          (import "p" "mem" (memory 1))
          (import "p" "counter" (global $c (mut i32)))
          (import "p" "tab" (table 2 funcref))
          (import "p" "seven" (func $seven (result i32)))
          (type $r (func (result i32)))
          (func (export "read") (result i32) (global.get $c))
          (func (export "write") (param i32) (global.set $c (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "indirect") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
          (func (export "direct") (result i32) (call $seven)))
        """;

    [Fact]
    public void Imported_memory_globals_tables_and_functions_are_shared_with_the_exporter()
    {
        var provider = Wat.Instantiate(Provider);
        var consumer = Wat.Instantiate(Consumer, linker: new Linker().DefineInstance("p", provider));

        provider.GetFunction("bump").Invoke();
        Assert.Equal(11, consumer.GetFunction("read").Invoke()[0].AsI32());
        consumer.GetFunction("write").Invoke(WasmValue.I32(99));
        Assert.Equal(99, provider.GetGlobal("counter").Value.AsI32());

        consumer.GetFunction("store").Invoke(WasmValue.I32(8), WasmValue.I32(0x01020304));
        Assert.Equal(0x01020304, provider.GetMemory("mem")!.ReadInt32(8));

        Assert.Equal(7, consumer.GetFunction("indirect").Invoke(WasmValue.I32(0))[0].AsI32());
        Assert.Equal(7, consumer.GetFunction("direct").Invoke()[0].AsI32());
        Assert.Same(provider.GetFunction("seven"), provider.GetTable("tab").Get(0).AsRef());
    }

    [Fact]
    public void Missing_or_mismatched_imports_are_link_errors()
    {
        var module = Wat.Compile(Consumer);
        Assert.Contains("unknown import", Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module)).Message);

        var wrongGlobal = new Linker()
            .Define("p", "mem", new WasmMemory(new MemoryType(new Limits(1, null))))
            .Define("p", "counter", new WasmGlobal(new GlobalType(ValueType.I32, Mutable: false), WasmValue.I32(0)));
        Assert.Contains("incompatible import type", Assert.Throws<WasmLinkException>(() => wrongGlobal.Instantiate(module)).Message);
    }

    [Fact]
    public void Host_functions_see_the_calling_instance_memory()
    {
        var module = Wat.Compile("""
            (module (import "env" "sum" (func $sum (param i32 i32) (result i32)))
              (memory 1) (data (i32.const 100) "\05\06\07")
              (func (export "run") (result i32) (call $sum (i32.const 100) (i32.const 3))))
            """);
        var linker = new Linker().DefineFunction("env", "sum", new FunctionType([ValueType.I32, ValueType.I32], [ValueType.I32]),
            (ctx, args) =>
            {
                var bytes = ctx.Memory!.Slice((uint)args[0].AsI32(), (uint)args[1].AsI32());
                var total = 0;
                foreach (var b in bytes) total += b;
                return [WasmValue.I32(total)];
            });
        var instance = linker.Instantiate(module);
        Assert.Equal(18, instance.GetFunction("run").Invoke()[0].AsI32());
    }

    [Fact]
    public void Host_function_returning_the_wrong_result_type_is_a_host_error()
    {
        var module = Wat.Compile("""(module (import "env" "f" (func $f (result i32))) (func (export "run") (result i32) (call $f)))""");
        var linker = new Linker().DefineFunction("env", "f", new FunctionType([], [ValueType.I32]), (_, _) => [WasmValue.I64(1)]);
        var trap = Assert.Throws<WasmTrapException>(() => linker.Instantiate(module).GetFunction("run").Invoke());
        Assert.Equal(TrapKind.HostError, trap.Kind);
    }

    [Fact]
    public void Externref_values_round_trip_through_tables_and_globals()
    {
        var instance = Wat.Instantiate("""
            (module (table $t 1 externref) (global $g (mut externref) (ref.null extern))
              (func (export "keep") (param externref) (table.set $t (i32.const 0) (local.get 0)) (global.set $g (local.get 0)))
              (func (export "table") (result externref) (table.get $t (i32.const 0)))
              (func (export "global") (result externref) (global.get $g)))
            """);
        var token = new object();
        instance.GetFunction("keep").Invoke(WasmValue.ExternRef(token));
        Assert.Same(token, instance.GetFunction("table").Invoke()[0].AsRef());
        Assert.Same(token, instance.GetFunction("global").Invoke()[0].AsRef());
    }

    [Fact]
    public void Active_segment_out_of_bounds_traps_but_keeps_earlier_writes_in_a_shared_memory()
    {
        var memory = new WasmMemory(new MemoryType(new Limits(1, null)));
        var module = Wat.Compile("""
            (module (import "env" "mem" (memory 1))
              (data (i32.const 0) "\2a") (data (i32.const 65536) "\01"))
            """);
        var trap = Assert.Throws<WasmTrapException>(() => new Linker().Define("env", "mem", memory).Instantiate(module));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(42, memory.ReadByte(0));
    }

    [Fact]
    public void One_module_instantiates_and_runs_concurrently_on_many_threads()
    {
        var module = Wat.Compile("""
            (module (memory 1) (global $g (mut i32) (i32.const 0))
              (func (export "count") (param i32) (result i32)
                (loop $l (global.set $g (i32.add (global.get $g) (i32.const 1)))
                  (i32.store (i32.const 0) (global.get $g))
                  (br_if $l (i32.lt_u (global.get $g) (local.get 0))))
                (i32.load (i32.const 0))))
            """);
        var results = new int[16];
        Parallel.For(0, results.Length, i =>
        {
            var instance = new Linker().Instantiate(module);
            results[i] = instance.GetFunction("count").Invoke(WasmValue.I32(10_000 + i))[0].AsI32();
        });
        Assert.Equal(Enumerable.Range(10_000, 16), results);
    }
}
