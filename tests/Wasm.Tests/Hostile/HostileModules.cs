using Selegic.Extensions.Wasm.Tests.Decoding;
using Selegic.Extensions.Wasm.Tests.Tools;

namespace Selegic.Extensions.Wasm.Tests.Hostile;

/// <summary>Modules written to hurt the host: spin forever, eat memory, recurse without end, declare absurd counts.</summary>
public static class HostileModules
{
    public static byte[] InfiniteLoop => WasmCompilers.CompileWat("""
        (module
          (func (export "spin")
            (loop $forever (br $forever))))
        """);

    /// <summary>grow_until_refused: memory.grow one page at a time until it returns -1, then memory.size.
    /// write_past_end: the same, then a store just past the end.</summary>
    public static byte[] MemoryBomb => WasmCompilers.CompileWat("""
        (module
          (memory (export "memory") 1)
          (func $grow_until_refused (export "grow_until_refused") (result i32)
            (loop $more
              (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
            (memory.size))
          (func (export "write_past_end")
            (i32.store (i32.mul (call $grow_until_refused) (i32.const 65536)) (i32.const 1))))
        """);

    /// <summary>A module whose initial memory is 4 GiB (65536 pages).</summary>
    public static byte[] HugeInitialMemory => WasmCompilers.CompileWat("(module (memory (export \"memory\") 65536))");

    /// <summary>recurse: calls itself forever. recurse_wide: the same with big frames (8 f64 params, 64 i64 locals).</summary>
    public static byte[] UnboundedRecursion => WasmCompilers.CompileWat($$"""
        (module
          (func $recurse (export "recurse") (param i64) (result i64)
            (call $recurse (i64.add (local.get 0) (i64.const 1))))
          (func $wide (export "recurse_wide") (param f64 f64 f64 f64 f64 f64 f64 f64) (result f64)
            (local {{string.Join(' ', Enumerable.Repeat("i64", 64))}})
            (local.set 8 (i64.const 7))
            (f64.add
              (call $wide (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5) (local.get 6) (local.get 7) (local.get 0))
              (f64.convert_i64_s (local.get 8)))))
        """);

    /// <summary>A valid module with <paramref name="count"/> empty functions of type [] -> [].</summary>
    public static byte[] ManyFunctions(int count) =>
        WasmBytes.Module(WasmBytes.TypeSection([], []), WasmBytes.FunctionSection(count),
            WasmBytes.CodeSection(Enumerable.Repeat(new byte[] { 0x0B }, count).ToArray()));

    /// <summary>A valid module with <paramref name="count"/> empty funcref tables (reference types allow many).</summary>
    public static byte[] ManyTables(int count) =>
        WasmBytes.Module(WasmBytes.Section(4, WasmBytes.U32((uint)count), Enumerable.Repeat(new byte[] { 0x70, 0x00, 0x00 }, count).SelectMany(t => t).ToArray()));

    /// <summary>A module whose function section claims 2^32-1 functions in five bytes.</summary>
    public static byte[] LyingFunctionCount() => WasmBytes.Module(WasmBytes.Section(3, WasmBytes.U32(uint.MaxValue)));

    /// <summary>A funcref table of 2^32-1 elements (valid: the spec's table limit is 2^32-1).</summary>
    public static byte[] HugeTable => WasmCompilers.CompileWat("(module (table (export \"table\") 4294967295 funcref))");
}
