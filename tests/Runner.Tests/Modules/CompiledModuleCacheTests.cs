using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Modules;

public sealed class CompiledModuleCacheTests
{
    /// <summary>Distinct valid handlers: the same canned handler with a different response each.</summary>
    private static byte[] Handler(int variant) =>
        WatHandler.Build("(call $respond)", response: $$"""{"status":200,"body":"variant {{variant}}"}""");

    [Fact]
    public async Task Concurrent_first_calls_share_one_load()
    {
        var modules = new InMemoryModuleSource();
        var gated = new GatedModuleSourceTestDouble(modules);
        var cache = new CompiledModuleCache(gated);
        var reference = modules.Add(Handler(1));

        var calls = Enumerable.Range(0, 16).Select(_ => cache.GetAsync(reference, CancellationToken.None)).ToArray();
        await gated.FirstFetchStarted.Task;
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        gated.Release();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, gated.Fetches);
        Assert.Single(results.Select(r => r.Module).Distinct());
        Assert.Single(results, r => r.Loaded);
        Assert.Equal(new ModuleCacheStatistics(1, results[0].Module.EstimatedBytes, 1, 15, 0, Compiles: 1), cache.Statistics);
    }

    [Fact]
    public async Task Least_recently_used_module_is_evicted_past_the_budget()
    {
        var modules = new InMemoryModuleSource();
        var a = modules.Add(Handler(1));
        var b = modules.Add(Handler(2));
        var c = modules.Add(Handler(3));
        var size = Handler(1).Length;
        // Room for two modules of this size, not three.
        var cache = new CompiledModuleCache(modules, new ModuleCacheOptions { BytesPerWasmByte = 1, MaxEstimatedBytes = size * 2 + size / 2 });

        await cache.GetAsync(a, CancellationToken.None);
        await cache.GetAsync(b, CancellationToken.None);
        await cache.GetAsync(a, CancellationToken.None); // a is now the most recently used
        await cache.GetAsync(c, CancellationToken.None); // evicts b

        Assert.True(cache.Contains(a.ContentHash));
        Assert.False(cache.Contains(b.ContentHash));
        Assert.True(cache.Contains(c.ContentHash));
        Assert.Equal(1, cache.Statistics.Evictions);

        var (_, reloaded) = await cache.GetAsync(b, CancellationToken.None);
        Assert.True(reloaded);
        Assert.Equal(4, cache.Statistics.Loads);
    }

    [Fact]
    public async Task Module_bigger_than_the_whole_budget_runs_but_is_not_kept()
    {
        var modules = new InMemoryModuleSource();
        var reference = modules.Add(Handler(1));
        var cache = new CompiledModuleCache(modules, new ModuleCacheOptions { BytesPerWasmByte = 1, MaxEstimatedBytes = 10 });

        var (module, _) = await cache.GetAsync(reference, CancellationToken.None);
        Assert.NotNull(module.Module);
        Assert.False(cache.Contains(reference.ContentHash));
        Assert.Equal(0, cache.Statistics.EstimatedBytes);
    }

    [Fact]
    public async Task Tampered_bytes_are_refused_with_hash_mismatch()
    {
        var original = Handler(1);
        var tampered = Handler(2);
        var source = new FixedModuleSource(tampered);
        var cache = new CompiledModuleCache(source);

        var error = await Assert.ThrowsAsync<RunnerException>(() => cache.GetAsync(new ModuleReference(ContentHash.Compute(original)), CancellationToken.None));
        Assert.Equal(RunnerCodes.ModuleHashMismatch, error.Code);
        Assert.Contains(ContentHash.Compute(tampered), error.Message);
    }

    [Fact]
    public async Task Failed_load_is_not_cached_and_the_next_call_retries()
    {
        var good = Handler(1);
        var source = new FixedModuleSource(null);
        var cache = new CompiledModuleCache(source);
        var reference = new ModuleReference(ContentHash.Compute(good));

        var missing = await Assert.ThrowsAsync<RunnerException>(() => cache.GetAsync(reference, CancellationToken.None));
        Assert.Equal(RunnerCodes.ModuleNotFound, missing.Code);

        source.Bytes = good;
        var (module, loaded) = await cache.GetAsync(reference, CancellationToken.None);
        Assert.True(loaded);
        Assert.Equal(reference.ContentHash, module.ContentHash);
    }

    [Fact]
    public async Task Source_failure_is_module_source_unavailable()
    {
        var cache = new CompiledModuleCache(new FixedModuleSource(null) { Failure = new IOException("disk on fire") });
        var error = await Assert.ThrowsAsync<RunnerException>(() => cache.GetAsync(new ModuleReference(ContentHash.Compute([1])), CancellationToken.None));
        Assert.Equal(RunnerCodes.ModuleSourceUnavailable, error.Code);
        Assert.Contains("disk on fire", error.Message);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("SHA256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("../../etc/passwd")]
    public async Task Malformed_content_hash_is_request_invalid(string hash)
    {
        var cache = new CompiledModuleCache(new InMemoryModuleSource());
        var error = await Assert.ThrowsAsync<RunnerException>(() => cache.GetAsync(new ModuleReference(hash), CancellationToken.None));
        Assert.Equal(RunnerCodes.RequestInvalid, error.Code);
    }

    [Fact]
    public async Task Handler_is_taken_out_of_a_bundle()
    {
        var modules = new InMemoryModuleSource();
        var reference = modules.Add(TestBundles.Pack(Handler(7)));
        var runner = new LocalRunner(modules, new ActionInvokerTestDouble());

        var response = await runner.ExecuteAsync(Requests.Get(reference));
        Assert.Null(response.Code);
        Assert.Equal("variant 7", System.Text.Encoding.UTF8.GetString(response.Body));
    }

    public static TheoryData<string, byte[], string> BrokenModules => new()
    {
        { "not wasm, not a bundle", "hello"u8.ToArray(), RunnerCodes.ModuleInvalid },
        { "truncated wasm", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00], RunnerCodes.ModuleInvalid },
        { "bundle without handler", TestBundles.Pack(null), RunnerCodes.ModuleInvalid },
        { "corrupt gzip", [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff], RunnerCodes.ModuleInvalid },
        { "unknown import", HandlerCompilers.Wat("""(module (import "env" "system" (func)) (memory (export "memory") 1) (func (export "scrm_alloc") (param i32) (result i32) (i32.const 0)) (func (export "scrm_handle") (param i32 i32) (result i64) (i64.const 0)))"""), RunnerCodes.ModuleLinkFailed },
        { "wrong host import type", HandlerCompilers.Wat("""(module (import "scrm" "log" (func (param i32))) (memory (export "memory") 1) (func (export "scrm_alloc") (param i32) (result i32) (i32.const 0)) (func (export "scrm_handle") (param i32 i32) (result i64) (i64.const 0)))"""), RunnerCodes.ModuleLinkFailed },
        { "no scrm_handle", HandlerCompilers.Wat("""(module (memory (export "memory") 1) (func (export "scrm_alloc") (param i32) (result i32) (i32.const 0)))"""), RunnerCodes.ModuleLinkFailed },
        { "scrm_handle of the wrong type", HandlerCompilers.Wat("""(module (memory (export "memory") 1) (func (export "scrm_alloc") (param i32) (result i32) (i32.const 0)) (func (export "scrm_handle") (param i32 i32) (result i32) (i32.const 0)))"""), RunnerCodes.ModuleLinkFailed },
        { "memory not exported", HandlerCompilers.Wat("""(module (memory 1) (func (export "scrm_alloc") (param i32) (result i32) (i32.const 0)) (func (export "scrm_handle") (param i32 i32) (result i64) (i64.const 0)))"""), RunnerCodes.ModuleLinkFailed },
    };

    [Theory]
    [MemberData(nameof(BrokenModules))]
    public async Task Broken_modules_get_a_clear_code_and_are_not_kept(string what, byte[] bytes, string code)
    {
        var modules = new InMemoryModuleSource();
        var reference = modules.Add(bytes);
        var runner = new LocalRunner(modules, new ActionInvokerTestDouble());

        var response = await runner.ExecuteAsync(Requests.Get(reference));
        Assert.True(code == response.Code, $"{what}: expected {code}, got {response.Code}: {response.Message}");
        Assert.Equal(502, response.Status);
        Assert.False(runner.Modules.Contains(reference.ContentHash));
    }

    /// <summary>A module source answering with fixed bytes (or a failure), to hand the cache wrong or missing bytes.</summary>
    private sealed class FixedModuleSource(byte[]? bytes) : IModuleSource
    {
        public byte[]? Bytes { get; set; } = bytes;
        public Exception? Failure { get; init; }

        public Task<byte[]?> GetAsync(ModuleReference module, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(Bytes) : Task.FromException<byte[]?>(Failure);
    }
}

/// <summary>Test double around a real source: holds every fetch until released, so concurrent first calls really overlap.</summary>
public sealed class GatedModuleSourceTestDouble(IModuleSource inner) : IModuleSource
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _fetches;

    public TaskCompletionSource FirstFetchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Fetches => _fetches;

    public void Release() => _gate.TrySetResult();

    public async Task<byte[]?> GetAsync(ModuleReference module, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        FirstFetchStarted.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.GetAsync(module, cancellationToken);
    }
}
