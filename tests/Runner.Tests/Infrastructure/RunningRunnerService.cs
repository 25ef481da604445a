using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Service.Hosting;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>The real Runner service (same composition as its Program.cs) on Kestrel at 127.0.0.1, port 0.</summary>
public sealed class RunningRunnerService : IAsyncDisposable
{
    public const string Secret = "a-shared-secret-of-at-least-32-bytes!";

    private readonly WebApplication _app;
    private bool _stopped;

    private RunningRunnerService(WebApplication app, Uri baseAddress, string blobDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        BlobDirectory = blobDirectory;
    }

    public Uri BaseAddress { get; }
    public string BlobDirectory { get; }

    public static async Task<RunningRunnerService> StartAsync(Uri actionApi, string blobDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Runner:SharedSecrets:0"] = Secret,
            ["Runner:ActionApiUrl"] = actionApi.AbsoluteUri,
            ["Runner:BlobDirectory"] = blobDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var app = RunnerServiceHost.Build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningRunnerService(app, new Uri(address), blobDirectory);
    }

    public CompiledModuleCache Modules => _app.Services.GetRequiredService<CompiledModuleCache>();

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Modules.WhenIdleAsync(); // background compiles still write artifacts into the test's directory
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Stores a bundle where publish would: in the blob store, under the tenant, by content hash.</summary>
    public static async Task<ModuleReference> PublishAsync(string blobDirectory, Guid tenant, byte[] bundle)
    {
        var hash = Selegic.Extensions.Contracts.Hashing.ContentHash.Compute(bundle);
        var store = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = blobDirectory });
        await store.PutAsync(BundleBlobKey.For(tenant, hash), bundle, CancellationToken.None);
        return new ModuleReference(hash, tenant.ToString());
    }
}
