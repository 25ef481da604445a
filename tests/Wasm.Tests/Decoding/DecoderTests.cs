using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Model;
using static Selegic.Extensions.Wasm.Tests.Decoding.WasmBytes;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Tests.Decoding;

public class DecoderTests
{
    [Fact]
    public void Decodes_sections_into_the_model()
    {
        var wasm = Module(
            TypeSection([0x7F], [0x7E]),
            Section(2, [1, 1, (byte)'m', 2, (byte)'f', (byte)'n', 0, 0]),
            FunctionSection(1),
            Section(5, [1, 1, 1, 3]),
            Section(6, [1, 0x7E, 1, 0x42, 0x7F, 0x0B]),
            Section(7, [1, 3, (byte)'r', (byte)'u', (byte)'n', 0, 1]),
            CodeSection([0x20, 0x00, 0xAC, 0x0B]),
            Section(0, [4, (byte)'n', (byte)'o', (byte)'t', (byte)'e', 0xAB]));

        var module = ModuleDecoder.Decode(wasm);

        Assert.Equal(new FunctionType([ValueType.I32], [ValueType.I64]), Assert.Single(module.Types));
        var import = Assert.Single(module.Imports);
        Assert.Equal(("m", "fn", ExternalKind.Function, 0), (import.Module, import.Name, import.Kind, import.FunctionTypeIndex));
        Assert.Equal(new Limits(1, 3), Assert.Single(module.Memories).Limits);
        var global = Assert.Single(module.Globals);
        Assert.Equal(new GlobalType(ValueType.I64, true), global.Type);
        Assert.Equal(new ConstantExpression(ConstantKind.I64, unchecked((ulong)-1L)), global.Initializer);
        Assert.Equal(new Export("run", ExternalKind.Function, 1), Assert.Single(module.Exports));
        var body = Assert.Single(module.Code);
        Assert.Equal(new byte[] { 0x20, 0x00, 0xAC, 0x0B }, body.Code.ToArray());
        Assert.Equal(wasm.AsSpan().IndexOf(new byte[] { 0x20, 0x00, 0xAC, 0x0B }), body.CodeOffset);
        var custom = Assert.Single(module.CustomSections);
        Assert.Equal("note", custom.Name);
        Assert.Equal(new byte[] { 0xAB }, custom.Bytes.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6E, 0x01, 0, 0, 0 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0 }, "unknown binary version")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x0D, 0x00 }, "malformed section id")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x01, 0x05, 0x00 }, "length out of bounds")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x05, 0x02, 0x01, 0x00, 0x01 }, "section size mismatch")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x05, 0x06, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10 }, "integer too large")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x05, 0x07, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x06, 0x04, 0x01, 0x7F, 0x02, 0x0B }, "malformed mutability")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x07, 0x04, 0x01, 0x01, 0xC0, 0x00 }, "malformed UTF-8 encoding")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00 }, "unexpected content after last section")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x03, 0x02, 0x01, 0x00 }, "function and code section have inconsistent lengths")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0, 0x0C, 0x01, 0x01 }, "data count and data section have inconsistent lengths")]
    public void Rejects_malformed_binaries_with_the_spec_wording(byte[] wasm, string expected)
    {
        var e = Assert.Throws<WasmMalformedException>(() => ModuleDecoder.Decode(wasm));
        Assert.StartsWith(expected, e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0xFC, 0x12, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0x3F, 0x01, 0x1A, 0x0B }, "zero byte expected")]
    [InlineData(new byte[] { 0x05, 0x0B }, "END opcode expected")]
    [InlineData(new byte[] { 0x02, 0x40 }, "unexpected end")]
    [InlineData(new byte[] { 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, 0x1A, 0x0B }, "integer too large")]
    public void Rejects_malformed_instructions(byte[] code, string expected)
    {
        var e = Assert.Throws<WasmMalformedException>(() => ModuleDecoder.Decode(SingleFunction([], code)));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Constant_expressions_that_are_not_one_constant_are_marked_for_the_validator()
    {
        var wasm = Module(Section(6, [3,
            0x7F, 0, 0x41, 1, 0x41, 2, 0x6A, 0x0B,
            0x7F, 0, 0x41, 1, 0x41, 2, 0x0B,
            0x7F, 0, 0x0B]));
        var globals = ModuleDecoder.Decode(wasm).Globals;
        Assert.Equal(ConstantKind.NotConstant, globals[0].Initializer.Kind);
        Assert.Equal(new ConstantExpression(ConstantKind.NotSingleValue, 2), globals[1].Initializer);
        Assert.Equal(new ConstantExpression(ConstantKind.NotSingleValue, 0), globals[2].Initializer);
    }

    [Fact]
    public void Reader_decodes_signed_leb_edge_values()
    {
        var reader = new WasmReader([0x80, 0x80, 0x80, 0x80, 0x78, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x7F,
            0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]);
        Assert.Equal(int.MinValue, reader.ReadS32());
        Assert.Equal(int.MaxValue, reader.ReadS32());
        Assert.Equal(-1, reader.ReadS32());
        Assert.Equal(long.MinValue, reader.ReadS64());
        Assert.True(reader.AtEnd);
    }
}
