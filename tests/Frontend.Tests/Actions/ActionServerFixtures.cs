using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>
/// Small Action API limits so every quota can be crossed in a test, a rate limit that only refills
/// once an hour (so the 429 test is not timing-dependent), and the loopback test servers that
/// http.fetch may reach through the TEST-ONLY loopback allowance (their ports only).
/// </summary>
public static class ActionTestSettings
{
    public const int MaxKeys = 4;
    public const int MaxValueBytes = 64;
    public const int MaxTotalBytes = 160;
    public const int Burst = 40;

    public static Dictionary<string, string> For(params int[] allowedLoopbackPorts)
    {
        var settings = new Dictionary<string, string>
        {
            ["Extensions:Actions:Storage:MaxKeys"] = MaxKeys.ToString(),
            ["Extensions:Actions:Storage:MaxValueBytes"] = MaxValueBytes.ToString(),
            ["Extensions:Actions:Storage:MaxTotalBytes"] = MaxTotalBytes.ToString(),
            ["Extensions:Actions:Storage:MaxPageSize"] = "2",
            ["Extensions:Actions:Log:KeepLast"] = "3",
            ["Extensions:Actions:RateLimit:Burst"] = Burst.ToString(),
            ["Extensions:Actions:RateLimit:TokensPerPeriod"] = "1",
            ["Extensions:Actions:RateLimit:PeriodMilliseconds"] = "3600000",
            ["Extensions:Actions:Fetch:TimeoutSeconds"] = "2",
            ["Extensions:Actions:Fetch:MaxResponseBytes"] = "100000",
            ["Extensions:Actions:Fetch:MaxRedirects"] = "3",
            ["Extensions:Actions:HostActions:DefaultTimeoutMilliseconds"] = "2000",
        };
        for (var i = 0; i < allowedLoopbackPorts.Length; i++)
            settings[$"Extensions:Actions:Fetch:TestOnlyAllowedLoopbackPorts:{i}"] = allowedLoopbackPorts[i].ToString();
        return settings;
    }
}

/// <summary>A Frontend with the action test settings plus the loopback test servers, on one store backend.</summary>
public abstract class ActionServerFixture : IAsyncLifetime
{
    private ServerFixture? _store;

    public RunningServer Server => _store!.Server;
    public LoopbackTestServer Outside { get; private set; } = null!;

    /// <summary>Records the raw bytes http.fetch writes (what an upstream really receives).</summary>
    public WireRecordingServer Wire { get; private set; } = null!;

    /// <summary>False: the production egress policy with no loopback allowance at all.</summary>
    protected virtual bool AllowLoopbackTestServer => true;

    protected abstract ServerFixture CreateStore(IReadOnlyDictionary<string, string> settings);

    public async Task InitializeAsync()
    {
        Outside = await LoopbackTestServer.StartAsync();
        Wire = WireRecordingServer.Start();
        _store = CreateStore(ActionTestSettings.For(AllowLoopbackTestServer ? [Outside.Port, Wire.Port] : []));
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
        await Outside.DisposeAsync();
        await Wire.DisposeAsync();
    }

    protected sealed class Sqlite(IReadOnlyDictionary<string, string> settings) : SqliteServer
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings => settings;
    }

    protected sealed class Postgres(IReadOnlyDictionary<string, string> settings) : PostgresServer
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings => settings;
    }
}

public sealed class SqliteActionServer : ActionServerFixture
{
    protected override ServerFixture CreateStore(IReadOnlyDictionary<string, string> settings) => new Sqlite(settings);
}

public sealed class PostgresActionServer : ActionServerFixture
{
    protected override ServerFixture CreateStore(IReadOnlyDictionary<string, string> settings) => new Postgres(settings);
}

/// <summary>The real egress policy only: no address is exempt, not even the loopback test server.</summary>
public sealed class StrictEgressActionServer : ActionServerFixture
{
    protected override bool AllowLoopbackTestServer => false;
    protected override ServerFixture CreateStore(IReadOnlyDictionary<string, string> settings) => new Sqlite(settings);
}
