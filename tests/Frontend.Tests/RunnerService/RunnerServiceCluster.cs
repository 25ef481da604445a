using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Frontend.Tests.MultiNode;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Remote;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

/// <summary>
/// A Frontend on Kestrel (fresh PostgreSQL database) configured with two Runner services
/// (Extensions:Gateway:RunnerUrls), both real Kestrel services sharing the Frontend's filesystem
/// blob store and calling its Action API back. Handler timeout 3 s, so hostile handlers end quickly.
/// </summary>
public sealed class RunnerServiceCluster : IAsyncDisposable
{
    public const string Secret = "frontend-to-runner-shared-secret-0123456789";
    public const int HandlerTimeoutMilliseconds = 3000;

    private readonly PostgresDatabase _database;

    private RunnerServiceCluster(PostgresDatabase database, RunningServer frontend)
    {
        _database = database;
        Frontend = frontend;
    }

    public RunningServer Frontend { get; }
    public List<RunnerServiceNode> Runners { get; } = [];

    /// <summary>The Frontend's Runner: the HTTP client, never an in-process LocalRunner.</summary>
    public HttpRunnerClient RunnerClient => Assert.IsType<HttpRunnerClient>(Frontend.Services.GetRequiredService<IRunner>());

    /// <param name="frontendSecret">what the Frontend signs with; the Runners always accept only <see cref="Secret"/></param>
    public static async Task<RunnerServiceCluster> StartAsync(string frontendSecret = Secret)
    {
        var runnerUrls = new[] { RunnerServiceNode.FreeLoopbackUrl(), RunnerServiceNode.FreeLoopbackUrl() };
        while (runnerUrls[1] == runnerUrls[0]) runnerUrls[1] = RunnerServiceNode.FreeLoopbackUrl();
        var database = await PostgresDatabase.CreateAsync("runner_service");
        RunningServer frontend;
        try
        {
            frontend = await StartFrontendAsync(database, runnerUrls, frontendSecret);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        var cluster = new RunnerServiceCluster(database, frontend);
        try
        {
            foreach (var url in runnerUrls)
                cluster.Runners.Add(await RunnerServiceNode.StartAsync(url, Secret, frontend.BaseAddress, frontend.BlobDirectory));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A Frontend on <paramref name="database"/> that runs every handler on <paramref name="runnerUrls"/>, signing with <paramref name="secret"/>.</summary>
    public static Task<RunningServer> StartFrontendAsync(PostgresDatabase database, IReadOnlyList<Uri> runnerUrls, string secret = Secret)
    {
        var settings = new Dictionary<string, string>(ClusterNodeKeys.Settings)
        {
            ["Extensions:MetadataStore"] = "postgres",
            ["Extensions:PostgresConnectionString"] = database.ConnectionString,
            ["Extensions:Gateway:Limits:TimeoutMilliseconds"] = HandlerTimeoutMilliseconds.ToString(),
            ["Extensions:Gateway:RunnerSharedSecrets:0"] = secret,
        };
        for (var i = 0; i < runnerUrls.Count; i++)
            settings[$"Extensions:Gateway:RunnerUrls:{i}"] = runnerUrls[i].AbsoluteUri;
        return RunningServer.StartAsync(settings);
    }

    /// <summary>The Runners in the order the Frontend tries them for <paramref name="contentHash"/> (rendezvous hashing).</summary>
    public IReadOnlyList<RunnerServiceNode> RunnersFor(string contentHash) =>
        RunnerClient.RunnersFor(contentHash).Select(url => Runners.Single(r => r.BaseAddress == url)).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in Runners) await runner.DisposeAsync();
        await Frontend.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One <see cref="RunnerServiceCluster"/> per test class.</summary>
public sealed class RunnerServiceClusterFixture : IAsyncLifetime
{
    private RunnerServiceCluster? _cluster;

    public RunnerServiceCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster fixture has not started.");

    public async Task InitializeAsync() => _cluster = await RunnerServiceCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
