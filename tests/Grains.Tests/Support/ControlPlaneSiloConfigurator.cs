using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Secrets;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>
/// Every test silo gets the real control-plane stores and services of the embedded default (one SQLite file
/// and one blob directory, shared by the cluster's silos) its deny set and a <see cref="RecordingListener"/>.
/// </summary>
public sealed class ControlPlaneSiloConfigurator : ISiloConfigurator
{
    public const string SqlitePathKey = "GrainTests:SqlitePath";
    public const string BlobRootKey = "GrainTests:BlobRoot";
    private static readonly string SealingKey = SecretSealer.GenerateKeyText();

    public void Configure(ISiloBuilder silo)
    {
        var sqlitePath = silo.Configuration[SqlitePathKey]!;
        var blobRoot = silo.Configuration[BlobRootKey]!;
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddSingleton(_ => new InsertCountingStore(MetadataStoreFactory.Create(
            new MetadataStoreOptions { Provider = MetadataStoreProvider.Sqlite, SqlitePath = sqlitePath })));
        silo.Services.AddSingleton(provider => provider.GetRequiredService<InsertCountingStore>().Store);
        silo.Services.AddSingleton<IBlobStore>(_ => new YieldingBlobStore(new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = blobRoot })));
        silo.Services.AddSingleton(provider => (IInstallationStore)provider.GetRequiredService<InsertCountingStore>().Real);
        silo.Services.AddSingleton(new SecretSealer(SecretSealer.ParseKeys(SealingKey)));
        silo.Services.AddSingleton<AuditLog>();
        silo.Services.AddSingleton<InstallationService>();
        silo.Services.AddSingleton<RevocationList>();
        silo.Services.AddSingleton<IChangeListener>(provider => provider.GetRequiredService<RevocationList>());
        silo.Services.AddSingleton<RecordingListener>();
        silo.Services.AddSingleton<IChangeListener>(provider => provider.GetRequiredService<RecordingListener>());
        silo.AddExtensionsGrains();
    }
}
