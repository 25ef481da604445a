using System.Text;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Modules;

/// <summary>
/// Precompiled wasm-js@1 components, as for modules (<see cref="PrecompiledModuleTests"/>): the
/// artifact is stored under the component engine's fingerprint, a second cache deserializes it,
/// and a corrupt one is rejected and recompiled, never run. One test, as each compile takes seconds.
/// </summary>
public sealed class PrecompiledComponentTests(JavaScriptHandler handler) : IClassFixture<JavaScriptHandler>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scrm-precompiled-components-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private CompiledModuleCache Cache()
    {
        var blobs = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = _directory });
        return new CompiledModuleCache(handler.Source, SandboxEngine.Shared, new ModuleCacheOptions
        {
            PrecompiledModules = new BlobPrecompiledModuleStore(blobs.GetAsync, blobs.ReplaceAsync),
        });
    }

    private async Task<string> RunAsync(CompiledModuleCache cache)
    {
        var response = await new LocalRunner(cache, handler.Actions).ExecuteAsync(Requests.Get(handler.Module, "/hello/artifact"));
        Assert.True(response.Code is null, response.Message);
        return Encoding.UTF8.GetString(response.Body);
    }

    private static async Task WaitForStoredAsync(CompiledModuleCache cache)
    {
        var stored = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (cache.Statistics.ArtifactsStored == 0 && DateTime.UtcNow < stored) await Task.Delay(20);
        Assert.Equal(1, cache.Statistics.ArtifactsStored);
    }

    [Fact]
    public async Task A_component_artifact_is_deserialized_by_a_second_cache_and_a_corrupt_one_is_recompiled()
    {
        var first = Cache();
        Assert.Equal("hello artifact", await RunAsync(first));
        Assert.Equal(1, first.Statistics.Compiles);
        await WaitForStoredAsync(first);
        var path = Path.Combine(_directory, (BlobPrecompiledModuleStore.Prefix
            + PrecompiledArtifact.KeyFor(SandboxEngine.SharedComponents.Fingerprint, handler.Module.ContentHash)).Replace('/', Path.DirectorySeparatorChar));
        Assert.True(File.Exists(path), "the artifact is stored under the component engine's fingerprint");
        Assert.NotEqual(SandboxEngine.Shared.Fingerprint, SandboxEngine.SharedComponents.Fingerprint);

        var second = Cache();
        Assert.Equal("hello artifact", await RunAsync(second));
        Assert.Equal((0, 1, 0), (second.Statistics.Compiles, second.Statistics.PrecompiledLoads, second.Statistics.ArtifactsRejected));

        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x40; // one bit of the serialized component
        await File.WriteAllBytesAsync(path, bytes);
        var third = Cache();
        Assert.Equal("hello artifact", await RunAsync(third));
        Assert.Equal((1, 0, 1), (third.Statistics.Compiles, third.Statistics.PrecompiledLoads, third.Statistics.ArtifactsRejected));
    }
}
