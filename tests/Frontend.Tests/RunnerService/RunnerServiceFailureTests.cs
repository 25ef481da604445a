using System.Net;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

/// <summary>
/// Runner services failing under the gateway: a stopped Runner is failed over to the next in
/// rendezvous order, none left is 503 runner_unavailable, a wrong shared secret is 502
/// runner_unauthorized. Each test stops or misconfigures its own cluster. Problem details never
/// name the Runners (internal addresses stay in the Frontend's log).
/// </summary>
public sealed class RunnerServiceFailureTests
{
    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task Stopped_Runner_is_failed_over_to_the_other_and_with_none_left_the_gateway_answers_503_runner_unavailable()
    {
        await using var cluster = await RunnerServiceCluster.StartAsync();
        var installed = await cluster.Frontend.InstallHandlerAsync(grants: ["cap:storage.kv"]);
        var order = cluster.RunnersFor(installed.ContentHash);
        var (chosen, next) = (order[0], order[1]);
        using var client = cluster.Frontend.WithKey(installed.TenantKey);

        using (var first = await client.PostAsync(installed.Route("/kv"), Text("before")))
            Assert.Equal("before", (await first.JsonAsync()).GetProperty("value").GetString());
        Assert.Equal((1, 0), (chosen.Executed, next.Executed));

        await chosen.StopAsync();
        using (var failedOver = await client.PostAsync(installed.Route("/kv"), Text("after failover")))
            Assert.Equal("after failover", (await failedOver.JsonAsync()).GetProperty("value").GetString());
        Assert.Equal((1, 1), (chosen.Executed, next.Executed));
        Assert.True(next.Modules.Contains(installed.ContentHash), "the next Runner fetched the module from the shared blob store");

        await next.StopAsync();
        using var none = await client.GetAsync(installed.Route("/noop"));
        var problem = await none.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, RunnerCodes.RunnerUnavailable);
        AssertNamesNoRunner(problem.GetProperty("detail").GetString(), cluster);
    }

    [Fact]
    public async Task Wrong_shared_secret_is_refused_by_the_Runner_and_answered_502_runner_unauthorized()
    {
        await using var cluster = await RunnerServiceCluster.StartAsync(frontendSecret: "not-the-runners-secret-but-long-enough-0123456789");
        var installed = await cluster.Frontend.InstallHandlerAsync();
        var (chosen, next) = (cluster.RunnersFor(installed.ContentHash)[0], cluster.RunnersFor(installed.ContentHash)[1]);
        using var client = cluster.Frontend.WithKey(installed.TenantKey);

        using var response = await client.GetAsync(installed.Route("/noop"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway, RunnerCodes.RunnerUnauthorized);
        AssertNamesNoRunner(problem.GetProperty("detail").GetString(), cluster);
        Assert.Equal([401], chosen.ExecuteStatuses); // the Runner refused it itself
        Assert.Empty(next.ExecuteStatuses); // a refusal is not an outage: no failover
        Assert.False(chosen.Modules.Contains(installed.ContentHash), "nothing ran");
    }

    private static void AssertNamesNoRunner(string? detail, RunnerServiceCluster cluster)
    {
        Assert.False(string.IsNullOrWhiteSpace(detail));
        foreach (var runner in cluster.Runners)
            Assert.DoesNotContain(runner.BaseAddress.Authority, detail);
    }
}
