using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;

namespace Selegic.Extensions.WasmSpec.Tests;

/// <summary>
/// The spec run is a check of the engine configuration only if it notices a missing feature:
/// each feature's scripts pass on the configuration handlers run on and fail on the same
/// configuration with that one feature turned off.
/// </summary>
public sealed class DisabledFeatureTests
{
    public static TheoryData<string, string> FeatureScripts => new()
    {
        { "simd", "simd_address" },
        { "simd", "simd_i32x4_arith" },
        { "bulk memory", "memory_fill" },
        { "reference types", "ref_func" },
        { "multi-value", "fac" },
    };

    [Theory]
    [MemberData(nameof(FeatureScripts))]
    public void Script_passes_on_the_sandbox_configuration(string feature, string script)
    {
        using var engine = new Engine(SandboxEngine.CreateConfig(SandboxEngineOptions.Unpooled));

        var result = SpecSuite.RunScript(SpecSuiteLocation.JsonDirectory, script, engine);

        Assert.True(result.Totals.Failed == 0, $"{script} ({feature}): {string.Join("\n", result.Failures.Take(5))}");
        Assert.True(result.Totals.Passed > 0);
    }

    [Theory]
    [MemberData(nameof(FeatureScripts))]
    public void Script_fails_with_its_feature_disabled(string feature, string script)
    {
        using var engine = new Engine(Without(feature, SandboxEngine.CreateConfig(SandboxEngineOptions.Unpooled)));

        var result = SpecSuite.RunScript(SpecSuiteLocation.JsonDirectory, script, engine);

        Assert.True(result.Totals.Failed > 0, $"{script} passed with {feature} disabled");
        Assert.Contains(result.Failures, f => f.Contains("module did not load", StringComparison.Ordinal));
    }

    private static Config Without(string feature, Config config) => feature switch
    {
        "simd" => config.WithSIMD(false),
        "bulk memory" => config.WithBulkMemory(false),
        "reference types" => config.WithReferenceTypes(false),
        "multi-value" => config.WithMultiValue(false),
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, null),
    };
}
