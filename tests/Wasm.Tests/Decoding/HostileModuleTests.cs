using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Validation;
using static Selegic.Extensions.Wasm.Tests.Decoding.WasmBytes;

namespace Selegic.Extensions.Wasm.Tests.Decoding;

/// <summary>Inputs crafted to exhaust memory or time must fail fast with a clear error.</summary>
public class HostileModuleTests
{
    private static WasmMalformedException Malformed(byte[] wasm, DecoderLimits? limits = null) =>
        Assert.Throws<WasmMalformedException>(() => ModuleDecoder.Decode(wasm, limits));

    [Fact]
    public void Function_count_above_the_limit_is_rejected_before_reading_entries()
    {
        var wasm = Module(Section(3, U32(2_000_000)));
        Assert.StartsWith("limit exceeded: functions 2000000 > 1000000", Malformed(wasm).Message);
    }

    [Fact]
    public void Huge_declared_count_within_the_limit_fails_at_the_end_of_the_bytes()
    {
        var limits = DecoderLimits.Default with { MaxTypes = int.MaxValue };
        var wasm = Module(Section(1, U32(100_000_000)));
        Assert.StartsWith("unexpected end", Malformed(wasm, limits).Message);
    }

    [Theory]
    [InlineData(1, "types")]
    [InlineData(2, "imports")]
    [InlineData(4, "tables")]
    [InlineData(6, "globals")]
    [InlineData(7, "exports")]
    [InlineData(9, "element segments")]
    [InlineData(11, "data segments")]
    public void Every_vector_section_has_a_count_cap(byte sectionId, string what)
    {
        var wasm = Module(Section(sectionId, U32(50_000_000)));
        Assert.StartsWith($"limit exceeded: {what} 50000000 >", Malformed(wasm).Message);
    }

    [Fact]
    public void Locals_above_the_limit_are_rejected_without_expanding_them()
    {
        byte[] body = [1, .. U32(1_000_000), 0x7F, 0x0B];
        var wasm = Module(TypeSection([], []), FunctionSection(1), Section(10, [1], U32((uint)body.Length), body));
        Assert.StartsWith("limit exceeded: locals per function 1000000 > 50000", Malformed(wasm).Message);
    }

    [Fact]
    public void More_than_four_billion_locals_are_too_many()
    {
        byte[] body = [2, .. U32(uint.MaxValue), 0x7F, .. U32(2), 0x7E, 0x0B];
        var wasm = Module(TypeSection([], []), FunctionSection(1), Section(10, [1], U32((uint)body.Length), body));
        Assert.StartsWith("too many locals", Malformed(wasm).Message);
    }

    [Fact]
    public void Function_body_above_the_size_limit_is_rejected_before_it_is_read()
    {
        var wasm = Module(TypeSection([], []), FunctionSection(1), Section(10, [1], U32(8_000_000)));
        Assert.StartsWith("limit exceeded: function body size 8000000 > 7654321", Malformed(wasm).Message);
    }

    [Fact]
    public void Deep_block_nesting_stops_at_the_nesting_limit()
    {
        const int depth = 200_000;
        var code = new byte[depth * 2 + depth + 1];
        for (var i = 0; i < depth; i++) { code[2 * i] = 0x02; code[2 * i + 1] = 0x40; }
        code.AsSpan(depth * 2).Fill(0x0B);
        Assert.StartsWith("limit exceeded: block nesting depth 10001 > 10000", Malformed(SingleFunction([], code)).Message);
    }

    [Fact]
    public void Deep_nesting_within_the_limit_decodes_and_validates_without_recursion()
    {
        const int depth = 10_000;
        var code = new byte[depth * 2 + depth + 1];
        for (var i = 0; i < depth; i++) { code[2 * i] = 0x02; code[2 * i + 1] = 0x40; }
        code.AsSpan(depth * 2).Fill(0x0B);
        var module = ModuleDecoder.Decode(SingleFunction([], code));
        ModuleValidator.Validate(module);
        Assert.Single(module.Code);
    }

    [Fact]
    public void Br_table_with_too_many_targets_is_rejected()
    {
        byte[] code = [0x41, 0x00, 0x0E, .. U32(1_000_000), 0x00, 0x0B];
        Assert.StartsWith("limit exceeded: br_table targets 1000000 > 65520", Malformed(SingleFunction([], code)).Message);
    }

    [Fact]
    public void Wide_br_table_in_unreachable_code_validates_and_a_mismatched_one_does_not()
    {
        // type 0: [] -> [], type 1: [] -> [i64 x 1000]; a block of type 1 holding unreachable and a
        // br_table with 65,000 targets to that block
        const int arity = 1000, targets = 65_000;
        byte[] wideType = [0x60, 0, .. U32(arity), .. Enumerable.Repeat((byte)0x7E, arity)];
        byte[] Body(byte[] beforeBranch)
        {
            var labels = new List<byte>();
            for (var i = 0; i < targets; i++) labels.Add(0);
            return [0x02, 1, 0x00, .. beforeBranch, 0x41, 0, 0x0E, .. U32(targets), .. labels, 0, 0x0B, .. DropAll(), 0x0B];
        }
        static byte[] DropAll() => Enumerable.Repeat((byte)0x1A, arity).ToArray();
        byte[] ModuleWith(byte[] body) => Module(
            Section(1, [2, 0x60, 0, 0], wideType), FunctionSection(1), CodeSection(body));

        ModuleValidator.Validate(ModuleDecoder.Decode(ModuleWith(Body([]))));
        // an i32 where the label wants i64 must still be caught
        var e = Assert.Throws<WasmInvalidException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(ModuleWith(Body([0x41, 0])))));
        Assert.StartsWith("type mismatch", e.Message);
    }

    [Fact]
    public void Data_segment_longer_than_the_module_is_unexpected_end()
    {
        var wasm = Module(Section(11, [1, 1], U32(uint.MaxValue)));
        Assert.StartsWith("unexpected end", Malformed(wasm).Message);
    }

    [Fact]
    public void Element_segment_item_count_is_capped()
    {
        var wasm = Module(Section(9, [1, 1, 0], U32(20_000_000)));
        Assert.StartsWith("limit exceeded: element segment items 20000000 > 10000000", Malformed(wasm).Message);
    }

    [Fact]
    public void Module_larger_than_the_size_limit_is_rejected()
    {
        var limits = DecoderLimits.Default with { MaxModuleSize = 16 };
        var wasm = Module(Section(0, [1, (byte)'x'], new byte[32]));
        Assert.StartsWith("limit exceeded: module size", Malformed(wasm, limits).Message);
    }

    /// <summary>Every prefix and every single-byte corruption of a valid module must end in a WasmException or decode.</summary>
    [Fact]
    public void Truncated_or_corrupted_modules_only_ever_fail_with_wasm_errors()
    {
        byte[][] sections =
        [
            TypeSection([0x7F, 0x7F], [0x7F]),
            Section(2, [1, 1, (byte)'m', 1, (byte)'g', 3, 0x7F, 0]),
            FunctionSection(1),
            Section(4, [1, 0x70, 1, 1, 4]),
            Section(5, [1, 1, 1, 2]),
            Section(6, [1, 0x7F, 1, 0x41, 7, 0x0B]),
            Section(7, [1, 1, (byte)'f', 0, 0]),
            Section(9, [1, 0, 0x41, 0, 0x0B, 1, 0]),
            Section(12, [1]),
            CodeSection([0x20, 0, 0x20, 1, 0x6A, 0x28, 2, 0, 0x02, 0x7F, 0x41, 1, 0x0B, 0x6A, 0xFC, 9, 0, 0x0B]),
            Section(11, [1, 0, 0x41, 0, 0x0B, 2, 0xAA, 0xBB]),
        ];
        var wasm = Module(sections);
        ModuleValidator.Validate(ModuleDecoder.Decode(wasm));

        // a prefix made of whole sections before the function section is itself a complete module
        var completePrefixes = new[] { Header.Length, Header.Length + sections[0].Length, Header.Length + sections[0].Length + sections[1].Length };
        for (var length = 0; length < wasm.Length; length++)
        {
            if (completePrefixes.Contains(length)) ModuleDecoder.Decode(wasm.AsMemory(0, length));
            else Assert.Throws<WasmMalformedException>(() => ModuleDecoder.Decode(wasm.AsMemory(0, length)));
        }

        var corrupted = new byte[wasm.Length];
        foreach (var replacement in new byte[] { 0x00, 0x01, 0x7F, 0x80, 0xFF })
        {
            for (var i = 8; i < wasm.Length; i++)
            {
                wasm.CopyTo(corrupted, 0);
                corrupted[i] = replacement;
                try
                {
                    ModuleValidator.Validate(ModuleDecoder.Decode(corrupted));
                }
                catch (WasmException)
                {
                    // rejected cleanly
                }
            }
        }
    }
}
