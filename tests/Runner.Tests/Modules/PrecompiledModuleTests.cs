using System.Text;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Modules;

/// <summary>
/// Precompiled modules shared through a real filesystem blob store: a second process (here a second
/// cache) deserializes what the first compiled, and anything corrupt or foreign is recompiled, never run.
/// </summary>
public sealed class PrecompiledModuleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scrm-precompiled-").FullName;
    private readonly FileSystemBlobStore _blobs;
    private readonly InMemoryModuleSource _source = new();
    private readonly ModuleReference _module;

    public PrecompiledModuleTests()
    {
        _blobs = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = _directory });
        _module = _source.Add(WatHandler.Build("(call $respond)", response: """{"status":200,"body":"precompiled"}"""));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private CompiledModuleCache Cache(SandboxEngine? engine = null) => new(_source, engine ?? SandboxEngine.Shared, new ModuleCacheOptions
    {
        PrecompiledModules = new BlobPrecompiledModuleStore(_blobs.GetAsync, _blobs.ReplaceAsync),
    });

    private string ArtifactPath(SandboxEngine engine) =>
        Path.Combine(_directory, (BlobPrecompiledModuleStore.Prefix + PrecompiledArtifact.KeyFor(engine.Fingerprint, _module.ContentHash)).Replace('/', Path.DirectorySeparatorChar));

    private static async Task<string> RunAsync(CompiledModuleCache cache, ModuleReference module)
    {
        var response = await new LocalRunner(cache, new ActionInvokerTestDouble()).ExecuteAsync(Requests.Get(module));
        Assert.True(response.Code is null, response.Message);
        return Encoding.UTF8.GetString(response.Body);
    }

    /// <summary>Compiles on a first cache and waits until it stored the artifact (that happens after the callers got the module).</summary>
    private async Task CompileAndStoreAsync(SandboxEngine? engine = null)
    {
        var first = Cache(engine);
        Assert.Equal("precompiled", await RunAsync(first, _module));
        var stored = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (first.Statistics.ArtifactsStored == 0 && DateTime.UtcNow < stored) await Task.Delay(10);
        Assert.Equal(1, first.Statistics.ArtifactsStored);
        Assert.Equal(1, first.Statistics.Compiles);
    }

    [Fact]
    public async Task A_second_cache_over_the_same_blob_store_deserializes_instead_of_compiling()
    {
        await CompileAndStoreAsync();

        var second = Cache();
        Assert.Equal("precompiled", await RunAsync(second, _module));
        Assert.Equal(1, second.Statistics.PrecompiledLoads);
        Assert.Equal(0, second.Statistics.Compiles);
        Assert.Equal(0, second.Statistics.ArtifactsRejected);
    }

    [Fact]
    public async Task A_corrupt_artifact_is_rejected_recompiled_and_replaced()
    {
        await CompileAndStoreAsync();
        var path = ArtifactPath(SandboxEngine.Shared);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x40; // one bit in the machine code
        await File.WriteAllBytesAsync(path, bytes);

        var second = Cache();
        Assert.Equal("precompiled", await RunAsync(second, _module));
        Assert.Equal(1, second.Statistics.ArtifactsRejected);
        Assert.Equal(1, second.Statistics.Compiles);
        Assert.Equal(0, second.Statistics.PrecompiledLoads);
    }

    [Fact]
    public async Task An_artifact_made_for_another_engine_configuration_is_not_used()
    {
        using var other = new SandboxEngine(SandboxEngineOptions.Unpooled with { MaxWasmStackBytes = 256 * 1024 });
        Assert.NotEqual(SandboxEngine.Shared.Fingerprint, other.Fingerprint);
        await CompileAndStoreAsync(other);
        // Planted where this engine looks: the header names the other fingerprint.
        Directory.CreateDirectory(Path.GetDirectoryName(ArtifactPath(SandboxEngine.Shared))!);
        File.Copy(ArtifactPath(other), ArtifactPath(SandboxEngine.Shared));

        var second = Cache();
        Assert.Equal("precompiled", await RunAsync(second, _module));
        Assert.Equal(1, second.Statistics.ArtifactsRejected);
        Assert.Equal(1, second.Statistics.Compiles);
    }

    [Fact]
    public void Unwrap_checks_fingerprint_module_and_checksum()
    {
        var artifact = PrecompiledArtifact.Wrap("engine A", _module.ContentHash, [1, 2, 3, 4]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, PrecompiledArtifact.Unwrap(artifact, "engine A", _module.ContentHash)!.Value.ToArray());
        Assert.Null(PrecompiledArtifact.Unwrap(artifact, "engine B", _module.ContentHash));
        Assert.Null(PrecompiledArtifact.Unwrap(artifact, "engine A", "sha256:" + new string('0', 64)));
        Assert.Null(PrecompiledArtifact.Unwrap(artifact[..^1], "engine A", _module.ContentHash));
        Assert.Null(PrecompiledArtifact.Unwrap([.. "not an artifact at all, not even close"u8], "engine A", _module.ContentHash));
    }
}
