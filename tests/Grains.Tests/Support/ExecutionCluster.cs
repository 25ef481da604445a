using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>
/// An in-process test cluster whose silos each have their own real <see cref="LocalRunner"/> (Wasmtime,
/// module cache) over one shared <see cref="InMemoryModuleSource"/>, and a <see cref="SiloActions"/> as
/// the action invoker, and no control plane (the execution grain needs none). <see cref="TestCluster.Client"/>
/// is an external client: calls go through the gateways.
/// </summary>
public sealed class ExecutionCluster : IAsyncDisposable
{
    /// <summary>Shared by the in-process silos of every cluster: content-addressed, so tests cannot collide.</summary>
    public static InMemoryModuleSource Modules { get; } = new();

    private ExecutionCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public static async Task<ExecutionCluster> StartAsync(short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<RunnerSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PromptClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ExecutionCluster(cluster);
    }

    public T Service<T>(SiloHandle silo) where T : notnull => ControlPlaneCluster.ServicesOf(silo).GetRequiredService<T>();

    public SiloHandle SiloNamed(string name) => Cluster.GetActiveSilos().Single(silo => silo.Name == name);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>The client rereads the gateway list every second (the default is a minute), so it learns of a dead silo at once.</summary>
    private sealed class PromptClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder client) =>
            client.Configure<Orleans.Configuration.GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }

    private sealed class RunnerSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<SiloActions>();
            silo.Services.AddSingleton(provider => new LocalRunner(Modules, provider.GetRequiredService<SiloActions>()));
        }
    }
}

/// <summary>
/// A silo's action invoker for these tests (the Action dispatcher is the Frontend's; its seam is
/// <see cref="IActionInvoker"/>): records the calls it got and answers <c>{}</c>; while
/// <see cref="Hold"/> is set it keeps every call waiting, so a test can lose the silo mid-execution.
/// </summary>
public sealed class SiloActions : IActionInvoker
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public System.Collections.Concurrent.ConcurrentQueue<ActionCall> Calls { get; } = new();
    public bool Hold { get; set; }

    /// <summary>Completes when a call is first held.</summary>
    public Task Held => _held.Task;

    public async Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        if (Hold)
        {
            _held.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return ActionResult.Success("{}");
    }
}
