using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Validation;
using static Selegic.Extensions.Wasm.Tests.Decoding.WasmBytes;

namespace Selegic.Extensions.Wasm.Tests.Validation;

public class ValidatorTests
{
    private static void Valid(byte[] wasm) => ModuleValidator.Validate(ModuleDecoder.Decode(wasm));

    private static string Invalid(byte[] wasm) =>
        Assert.Throws<WasmInvalidException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(wasm))).Message;

    [Theory]
    [InlineData(new byte[] { 0x7F }, new byte[] { 0x41, 0x01, 0x0B })]
    [InlineData(new byte[] { 0x7F, 0x7E }, new byte[] { 0x41, 0x01, 0x42, 0x02, 0x0B })]
    [InlineData(new byte[] { 0x7F }, new byte[] { 0x00, 0x6A, 0x0B })] // unreachable makes the stack polymorphic
    [InlineData(new byte[] { 0x7F }, new byte[] { 0x02, 0x7F, 0x41, 0x01, 0x0C, 0x00, 0x0B, 0x0B })]
    [InlineData(new byte[] { }, new byte[] { 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B })]
    [InlineData(new byte[] { 0x7F }, new byte[] { 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B, 0x0B })]
    [InlineData(new byte[] { 0x70 }, new byte[] { 0xD0, 0x70, 0x0B })]
    public void Accepts_well_typed_bodies(byte[] results, byte[] code) => Valid(SingleFunction(results, code));

    [Theory]
    [InlineData(new byte[] { 0x7F }, new byte[] { 0x42, 0x01, 0x0B }, "type mismatch")]
    [InlineData(new byte[] { }, new byte[] { 0x41, 0x01, 0x0B }, "type mismatch")]
    [InlineData(new byte[] { }, new byte[] { 0x6A, 0x0B }, "type mismatch")]
    [InlineData(new byte[] { }, new byte[] { 0x20, 0x00, 0x1A, 0x0B }, "unknown local 0")]
    [InlineData(new byte[] { }, new byte[] { 0x23, 0x00, 0x1A, 0x0B }, "unknown global 0")]
    [InlineData(new byte[] { }, new byte[] { 0x10, 0x05, 0x0B }, "unknown function 5")]
    [InlineData(new byte[] { }, new byte[] { 0x0C, 0x01, 0x0B }, "unknown label 1")]
    [InlineData(new byte[] { }, new byte[] { 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B }, "unknown memory 0")]
    [InlineData(new byte[] { }, new byte[] { 0x02, 0x05, 0x0B, 0x0B }, "unknown type 5")]
    [InlineData(new byte[] { }, new byte[] { 0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x0B, 0x1A, 0x0B }, "type mismatch")]
    [InlineData(new byte[] { }, new byte[] { 0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A, 0x0B }, "type mismatch")]
    [InlineData(new byte[] { }, new byte[] { 0xD2, 0x00, 0x1A, 0x0B }, "undeclared function reference")]
    [InlineData(new byte[] { }, new byte[] { 0xFC, 0x09, 0x00, 0x0B }, "unknown data segment 0")]
    [InlineData(new byte[] { }, new byte[] { 0x41, 0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x0B }, "invalid result arity")]
    public void Rejects_ill_typed_bodies_with_the_spec_wording(byte[] results, byte[] code, string expected) =>
        Assert.StartsWith(expected, Invalid(SingleFunction(results, code)));

    [Fact]
    public void Misaligned_access_is_invalid()
    {
        var wasm = Module(TypeSection([], []), FunctionSection(1), Section(5, [1, 0, 1]),
            CodeSection([0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B]));
        Assert.Equal("alignment must not be larger than natural (function 0, at byte 0x1e)", Invalid(wasm));
    }

    [Fact]
    public void Module_rules_use_the_spec_wording()
    {
        Assert.Equal("multiple memories", Invalid(Module(Section(5, [2, 0, 1, 0, 1]))));
        Assert.Equal("memory size must be at most 65536 pages (4GiB)", Invalid(Module(Section(5, [1, 0], U32(65537)))));
        Assert.Equal("size minimum must not be greater than maximum", Invalid(Module(Section(4, [1, 0x70, 1, 2, 1]))));
        Assert.Equal("duplicate export name", Invalid(Module(Section(5, [1, 0, 1]), Section(7, [2, 1, (byte)'m', 2, 0, 1, (byte)'m', 2, 0]))));
        Assert.StartsWith("start function", Invalid(Module(TypeSection([0x7F], []), FunctionSection(1), Section(8, [0]), CodeSection([0x0B]))));
        Assert.Equal("constant expression required", Invalid(Module(Section(6, [1, 0x7F, 0, 0x41, 1, 0x41, 2, 0x6A, 0x0B]))));
        Assert.StartsWith("type mismatch", Invalid(Module(Section(6, [1, 0x7F, 0, 0x42, 1, 0x0B]))));
        // 2.0: a global initialiser may only read imported globals
        Assert.Equal("unknown global 0", Invalid(Module(Section(6, [2, 0x7F, 0, 0x41, 1, 0x0B, 0x7F, 0, 0x23, 0, 0x0B]))));
    }

    [Fact]
    public void Global_set_on_an_immutable_global_is_invalid()
    {
        var wasm = Module(TypeSection([], []), FunctionSection(1), Section(6, [1, 0x7F, 0, 0x41, 1, 0x0B]),
            CodeSection([0x41, 0x02, 0x24, 0x00, 0x0B]));
        Assert.StartsWith("global is immutable", Invalid(wasm));
    }

    [Fact]
    public void Exported_function_may_be_referenced_with_ref_func()
    {
        var wasm = Module(TypeSection([], []), FunctionSection(1), Section(7, [1, 1, (byte)'f', 0, 0]),
            CodeSection([0xD2, 0x00, 0x1A, 0x0B]));
        Valid(wasm);
    }
}
