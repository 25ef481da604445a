using Npgsql;

namespace Selegic.Extensions.Frontend.Tests.Infrastructure;

/// <summary>One running server per test class; subclasses choose the metadata store.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private RunningServer? _server;

    public RunningServer Server => _server ?? throw new InvalidOperationException("The server fixture has not started.");

    /// <summary>Extra settings a fixture variant wants (limits, for example).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    protected virtual Task DropStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>(await StoreSettingsAsync());
        foreach (var (key, value) in ExtraSettings)
            settings[key] = value;
        _server = await RunningServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        await DropStoreAsync();
    }
}

public class SqliteServer : ServerFixture
{
    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Extensions:MetadataStore"] = "sqlite",
        });
}

/// <summary>
/// A fresh PostgreSQL database per test class on the server named by EXTENSIONS_TEST_POSTGRES
/// (scripts/postgres.sh start prints one). Missing means a failed test, never a skipped one.
/// </summary>
public class PostgresServer : ServerFixture
{
    public const string EnvironmentVariable = "EXTENSIONS_TEST_POSTGRES";
    private string? _database;
    private string? _adminConnectionString;

    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(_adminConnectionString))
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Start a throwaway server with `scripts/postgres.sh start` and export its output as {EnvironmentVariable} (scripts/test.sh does this).");

        _database = "frontend_tests_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _database }.ConnectionString;
        return new Dictionary<string, string>(ClusterNodeKeys.Settings)
        {
            ["Extensions:MetadataStore"] = "postgres",
            ["Extensions:PostgresConnectionString"] = connectionString,
        };
    }

    protected override async Task DropStoreAsync()
    {
        if (_database is null || _adminConnectionString is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>The keys every node of a cluster must share (a cluster node refuses to start without them).</summary>
public static class ClusterNodeKeys
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["EXTENSION_TOKEN_SECRET"] = MultiNode.TwoNodeCluster.TokenSecret,
        ["EXTENSION_SECRET_KEYS"] = MultiNode.TwoNodeCluster.SealingKeys,
    };
}

/// <summary>Small bundle limits, so every cap can be crossed with test-sized archives.</summary>
public static class SmallLimits
{
    public const int MaxCompressedBytes = 512 * 1024;
    public const int MaxEntries = 20;
    public const int MaxFileBytes = 64 * 1024;
    public const int MaxUnpackedBytes = 256 * 1024;
    public const int MaxCompressionRatio = 100;
    public const int RatioFloorBytes = 64 * 1024;

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Extensions:BundleLimits:MaxCompressedBytes"] = MaxCompressedBytes.ToString(),
        ["Extensions:BundleLimits:MaxEntries"] = MaxEntries.ToString(),
        ["Extensions:BundleLimits:MaxFileBytes"] = MaxFileBytes.ToString(),
        ["Extensions:BundleLimits:MaxUnpackedBytes"] = MaxUnpackedBytes.ToString(),
        ["Extensions:BundleLimits:MaxCompressionRatio"] = MaxCompressionRatio.ToString(),
        ["Extensions:BundleLimits:RatioFloorBytes"] = RatioFloorBytes.ToString(),
    };
}

public sealed class SqliteServerWithSmallLimits : SqliteServer
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => SmallLimits.Settings;
}

public sealed class PostgresServerWithSmallLimits : PostgresServer
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => SmallLimits.Settings;
}

/// <summary>A known EXTENSION_TOKEN_SECRET (two key ids), so token tests can sign their own tokens.</summary>
public sealed class SqliteServerWithTokenSecret : SqliteServer
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["EXTENSION_TOKEN_SECRET"] = Installations.TestTokenSigner.Configuration,
    };
}

public sealed class PostgresServerWithTokenSecret : PostgresServer
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["EXTENSION_TOKEN_SECRET"] = Installations.TestTokenSigner.Configuration,
    };
}
