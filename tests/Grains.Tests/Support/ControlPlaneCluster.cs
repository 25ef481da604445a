using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>An in-process Orleans test cluster of <c>silos</c> silos over one migrated SQLite store and one blob directory.</summary>
public sealed class ControlPlaneCluster : IAsyncDisposable
{
    private ControlPlaneCluster(TestCluster cluster, string root)
    {
        Cluster = cluster;
        Root = root;
    }

    public TestCluster Cluster { get; }
    public string Root { get; }
    public string BlobRoot => Path.Combine(Root, "blobs");

    /// <param name="settings">more configuration for every silo, e.g. <c>Extensions:Maintenance:PeriodSeconds</c></param>
    public static async Task<ControlPlaneCluster> StartAsync(short silos, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "scrm-grain-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var sqlitePath = Path.Combine(root, "extensions.db");
        await using (var store = MetadataStoreFactory.Create(new MetadataStoreOptions { Provider = MetadataStoreProvider.Sqlite, SqlitePath = sqlitePath }))
            await store.MigrateAsync(CancellationToken.None);

        var builder = new TestClusterBuilder(silos);
        builder.Properties[ControlPlaneSiloConfigurator.SqlitePathKey] = sqlitePath;
        builder.Properties[ControlPlaneSiloConfigurator.BlobRootKey] = Path.Combine(root, "blobs");
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            builder.Properties[name] = value;
        builder.AddSiloBuilderConfigurator<ControlPlaneSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ControlPlaneCluster(cluster, root);
    }

    public static IServiceProvider ServicesOf(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    public T Service<T>(SiloHandle silo) where T : notnull => ServicesOf(silo).GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
