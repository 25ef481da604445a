using System.Text;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Modules;

/// <summary>
/// Baseline-first compiles: a cold module answers from the baseline compiler's code, the optimized
/// module replaces it when compiled, and only the optimized one is stored precompiled.
/// </summary>
public sealed class BaselineCompileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scrm-baseline-").FullName;
    private readonly FileSystemBlobStore _blobs;
    private readonly InMemoryModuleSource _source = new();

    public BaselineCompileTests() => _blobs = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = _directory });

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private CompiledModuleCache Cache(bool baselineFirst) => new(_source, SandboxEngine.Shared, new ModuleCacheOptions
    {
        PrecompiledModules = new BlobPrecompiledModuleStore(_blobs.GetAsync, _blobs.ReplaceAsync),
        BaselineEngine = baselineFirst ? SandboxEngine.SharedBaseline : null,
    });

    private static async Task WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(5);
        Assert.True(condition());
    }

    [Fact]
    public void The_baseline_engine_is_a_different_compiler_with_its_own_fingerprint()
    {
        Assert.Contains("winch", SandboxEngine.SharedBaseline.Fingerprint);
        Assert.Contains("cranelift", SandboxEngine.Shared.Fingerprint);
        // Code compiled by one engine is refused by the other: they really are two configurations.
        var wasm = WatHandler.Build("(call $respond)");
        using var module = Wasmtime.Module.FromBytes(SandboxEngine.SharedBaseline.Engine, "m", wasm);
        Assert.Throws<Wasmtime.WasmtimeException>(() => Wasmtime.Module.Deserialize(SandboxEngine.Shared.Engine, "m", module.Serialize()).Dispose());
    }

    [Fact]
    public async Task A_cold_module_runs_baseline_code_until_the_optimized_module_replaces_it()
    {
        var reference = _source.Add(WatHandler.Build("(call $respond)", response: """{"status":200,"body":"tiered"}"""));
        var cache = Cache(baselineFirst: true);
        var runner = new LocalRunner(cache, new ActionInvokerTestDouble());

        var (first, loaded) = await cache.GetAsync(reference, CancellationToken.None);
        Assert.True(loaded);
        Assert.Same(SandboxEngine.SharedBaseline, first.Engine);
        await WaitFor(() => cache.Statistics.ArtifactsStored == 1);

        var (later, _) = await cache.GetAsync(reference, CancellationToken.None);
        Assert.Same(SandboxEngine.Shared, later.Engine);
        Assert.Equal(first.EstimatedBytes, later.EstimatedBytes);
        var response = await runner.ExecuteAsync(Requests.Get(reference));
        Assert.Equal("tiered", Encoding.UTF8.GetString(response.Body));
        Assert.Equal(new ModuleCacheStatistics(1, first.EstimatedBytes, 1, 2, 0, Compiles: 1, ArtifactsStored: 1, Upgrades: 1), cache.Statistics);

        // What was stored is the optimized code: another process deserializes it instead of compiling.
        var other = Cache(baselineFirst: true);
        var (fromArtifact, _) = await other.GetAsync(reference, CancellationToken.None);
        Assert.Same(SandboxEngine.Shared, fromArtifact.Engine);
        Assert.Equal(1, other.Statistics.PrecompiledLoads);
        Assert.Equal(0, other.Statistics.Compiles);
    }

    [Fact]
    public async Task A_module_the_baseline_compiler_refuses_is_compiled_optimized_at_once()
    {
        // Winch does not compile reference-type values; the module is valid WebAssembly 2.0 all the same.
        var reference = _source.Add(WatHandler.Build("(call $respond)", extra: "(func (export \"id\") (param externref) (result externref) (local.get 0))"));
        var cache = Cache(baselineFirst: true);

        var (module, _) = await cache.GetAsync(reference, CancellationToken.None);
        Assert.Same(SandboxEngine.Shared, module.Engine);
        var response = await new LocalRunner(cache, new ActionInvokerTestDouble()).ExecuteAsync(Requests.Get(reference));
        Assert.Equal(200, response.Status);
        await WaitFor(() => cache.Statistics.ArtifactsStored == 1);
        Assert.Equal(0, cache.Statistics.Upgrades);
    }

    [Fact]
    public async Task An_invalid_module_is_refused_with_the_optimizing_compilers_reason()
    {
        var reference = _source.Add([0, (byte)'a', (byte)'s', (byte)'m', 1, 0, 0, 0, 0xff]);
        var response = await new LocalRunner(Cache(baselineFirst: true), new ActionInvokerTestDouble()).ExecuteAsync(Requests.Get(reference));
        Assert.Equal(RunnerCodes.ModuleInvalid, response.Code);
        Assert.Contains("not a valid WebAssembly module", response.Message);
    }
}
