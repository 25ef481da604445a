using Microsoft.Extensions.Logging.Abstractions;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Grains.Tests.Execution;

/// <summary>Executions through the execution grain from an Orleans client (TestCluster.Client, via the gateways) on two silos.</summary>
public sealed class ExecutionGrainTests(ExecutionGrainTests.TwoSilos fixture) : IClassFixture<ExecutionGrainTests.TwoSilos>
{
    public sealed class TwoSilos : IAsyncLifetime
    {
        public ExecutionCluster Cluster { get; private set; } = null!;
        public async Task InitializeAsync() => Cluster = await ExecutionCluster.StartAsync(2);
        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }

    private ExecutionCluster Cluster => fixture.Cluster;
    private GrainRunner Runner => new(Cluster.Cluster.Client, NullLogger<GrainRunner>.Instance);
    private IReadOnlyList<string> SiloNames => Cluster.Cluster.GetActiveSilos().Select(silo => silo.Name).ToList();

    [Fact]
    public async Task A_handler_runs_on_a_silo_and_its_answer_and_logs_come_back()
    {
        var response = await Runner.ExecuteAsync(ExecutionHandlers.Request(ExecutionHandlers.Greeter));

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(200, response.Status);
        Assert.Equal("ok", System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.Equal("text/plain", response.Headers["content-type"]);
        Assert.Contains(new GuestLogEntry(GuestLogLevel.Info, "hello"), response.Logs);
        Assert.Contains(response.Statistics.Runner, SiloNames);
    }

    [Fact]
    public async Task One_versions_executions_spread_over_both_silos_and_each_compiles_it_at_most_once()
    {
        var silos = Cluster.Cluster.GetActiveSilos().ToList();
        var compilesBefore = silos.Select(silo => Cluster.Service<LocalRunner>(silo).Modules.Statistics.Compiles).ToList();
        var ranOn = new HashSet<string>();
        for (var i = 0; i < 48; i++)
        {
            var response = await Runner.ExecuteAsync(ExecutionHandlers.Request(ExecutionHandlers.Spread));
            Assert.True(response.Succeeded, response.Message);
            ranOn.Add(response.Statistics.Runner!);
        }

        Assert.Equal(SiloNames.Order(), ranOn.Order());
        for (var i = 0; i < silos.Count; i++)
            Assert.Equal(compilesBefore[i] + 1, Cluster.Service<LocalRunner>(silos[i]).Modules.Statistics.Compiles);
    }

    [Fact]
    public async Task Action_calls_go_to_the_silos_invoker_with_the_token_minted_before_sending()
    {
        var response = await Runner.ExecuteAsync(ExecutionHandlers.Request(ExecutionHandlers.Writer, "POST", "req-writer"));

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(1, response.Statistics.ActionCalls);
        var calls = Cluster.Service<SiloActions>(Cluster.SiloNamed(response.Statistics.Runner!)).Calls;
        var call = Assert.Single(calls, c => c.RequestId == "req-writer");
        Assert.Equal("storage.put", call.Name);
        Assert.Equal("token-minted-for-req-writer", call.Token);
    }

    [Fact]
    public async Task A_runaway_handler_ends_in_its_code_while_other_calls_keep_being_served()
    {
        var spinning = Runner.ExecuteAsync(ExecutionHandlers.Request(ExecutionHandlers.Spinner, limits: new HandlerLimits { TimeoutMilliseconds = 1500 }));

        for (var i = 0; i < 8; i++)
        {
            var other = await Runner.ExecuteAsync(ExecutionHandlers.Request(ExecutionHandlers.Greeter));
            Assert.True(other.Succeeded, other.Message);
        }
        Assert.False(spinning.IsCompleted);
        var response = await spinning;
        Assert.Equal(RunnerCodes.HandlerTimeout, response.Code);
        Assert.Equal(504, response.Status);
    }
}
