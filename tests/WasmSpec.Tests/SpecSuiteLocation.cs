using Selegic.Extensions.TestSupport;

namespace Selegic.Extensions.WasmSpec.Tests;

/// <summary>
/// Where the converted spec suite is: WASM_SPEC_JSON, or a shared/wasm-spec/json folder beside the
/// repository or one of its ancestors (scripts/test.sh passes ../shared/wasm-spec/json to the runner).
/// </summary>
public static class SpecSuiteLocation
{
    public static string JsonDirectory { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("WASM_SPEC_JSON") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(RepositoryPaths.Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "wasm-spec", "json");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"no shared/wasm-spec/json beside {RepositoryPaths.Root} or its ancestors; set WASM_SPEC_JSON");
    }
}
