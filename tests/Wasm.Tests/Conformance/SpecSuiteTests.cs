using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.WasmSpec;

namespace Selegic.Extensions.Wasm.Tests.Conformance;

/// <summary>
/// Runs the WebAssembly core spec test suite (../shared/wasm-spec/json, the 83 non-SIMD scripts)
/// in-process through the WasmSpec runner, one test per script, so `dotnet test` covers conformance.
/// </summary>
public class SpecSuiteTests
{
    private const int NonSimdScriptCount = 83;
    private static readonly WasmEngine Engine = new();

    /// <summary>The suite folder: WASM_SPEC_JSON, or shared/wasm-spec/json next to an ancestor of the test binaries.</summary>
    internal static string? SuiteDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("WASM_SPEC_JSON");
        if (!string.IsNullOrEmpty(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "wasm-spec", "json");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    internal static string RequiredSuiteDirectory() =>
        SuiteDirectory() ?? throw new DirectoryNotFoundException("the spec suite (shared/wasm-spec/json) was not found; set WASM_SPEC_JSON");

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        var directory = SuiteDirectory();
        if (directory is null) data.Add("(suite not found)");
        else foreach (var name in SpecSuite.ScriptNames(directory)) data.Add(name);
        return data;
    }

    [Fact]
    public void Suite_has_all_non_simd_scripts() =>
        Assert.Equal(NonSimdScriptCount, SpecSuite.ScriptNames(RequiredSuiteDirectory()).Count);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_passes_every_command(string name)
    {
        var result = SpecScript.Run(Path.Combine(RequiredSuiteDirectory(), name, name + ".json"), Engine);
        Assert.True(result.Failures.Count == 0,
            $"{name}: {result.Totals.Failed} failed, {result.Totals.Passed} passed\n" + string.Join('\n', result.Failures.Take(40)));
        // two scripts (obsolete-keywords, utf8-invalid-encoding) consist only of text-format modules
        Assert.True(result.Totals.Passed + result.Totals.Skipped > 0, $"{name}: the script has no commands");
    }
}
