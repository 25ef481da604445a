using System.Text.Json;
using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.WasmSpec;
using static Selegic.Extensions.Wasm.Tests.Decoding.WasmBytes;

namespace Selegic.Extensions.Wasm.Tests.Conformance;

/// <summary>The runner must report wrong results as failures, or the conformance tests would prove nothing.</summary>
public sealed class SpecRunnerSelfTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wasmspec-selftest").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SpecScriptResult RunScript(params object[] commands)
    {
        // a module exporting "answer": [] -> [i32] returning 42, and "nan": [] -> [f32] returning a canonical NaN
        var module = Module(
            Section(1, [2, 0x60, 0, 1, 0x7F, 0x60, 0, 1, 0x7D]),
            Section(3, [2, 0, 1]),
            Section(7, [2, 6, .. "answer"u8, 0, 0, 3, .. "nan"u8, 0, 1]),
            CodeSection([0x41, 42, 0x0B], [0x43, 0x00, 0x00, 0xC0, 0x7F, 0x0B]));
        File.WriteAllBytes(Path.Combine(_directory, "m.wasm"), module);
        var path = Path.Combine(_directory, "self.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { source_filename = "self.wast", commands }));
        return SpecScript.Run(path, new WasmEngine());
    }

    private static object Invoke(string field) => new { type = "invoke", field, args = Array.Empty<object>() };

    [Fact]
    public void Correct_expectations_pass()
    {
        var result = RunScript(
            new { type = "module", line = 1, filename = "m.wasm" },
            new { type = "assert_return", line = 2, action = Invoke("answer"), expected = new[] { new { type = "i32", value = "42" } } },
            new { type = "assert_return", line = 3, action = Invoke("nan"), expected = new[] { new { type = "f32", value = "nan:canonical" } } },
            new { type = "assert_malformed", line = 4, filename = "m.wat", text = "unknown operator", module_type = "text" });
        Assert.Empty(result.Failures);
        Assert.Equal(new SpecTotals(3, 0, 1), result.Totals);
    }

    [Fact]
    public void Wrong_expectations_fail_with_details()
    {
        var result = RunScript(
            new { type = "module", line = 1, filename = "m.wasm" },
            new { type = "assert_return", line = 2, action = Invoke("answer"), expected = new[] { new { type = "i32", value = "43" } } },
            new { type = "assert_trap", line = 3, action = Invoke("answer"), text = "unreachable" },
            new { type = "assert_malformed", line = 4, filename = "m.wasm", text = "unexpected end", module_type = "binary" },
            new { type = "assert_invalid", line = 5, filename = "m.wasm", text = "type mismatch", module_type = "binary" },
            new { type = "assert_unlinkable", line = 6, filename = "m.wasm", text = "unknown import", module_type = "binary" });
        Assert.Equal(new SpecTotals(1, 5, 0), result.Totals);
        Assert.Equal("line 2 assert_return answer: expected [i32:43], got [i32:42]", result.Failures[0]);
        Assert.StartsWith("line 3 assert_trap answer: expected trap \"unreachable\"", result.Failures[1]);
        Assert.StartsWith("line 4 assert_malformed: expected WasmMalformedException \"unexpected end\", but the module was accepted", result.Failures[2]);
    }
}
