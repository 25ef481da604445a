using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

/// <summary>
/// The gateway with handlers executed by two Runner services (no in-process Runner): the clang-built
/// gateway handler is published and installed through the public API, called through
/// /api/ext/..., runs on the Runner rendezvous hashing picks, and its action calls come back to the
/// Frontend's Action API with the per-request token.
/// </summary>
public sealed partial class RunnerServiceGatewayTests(RunnerServiceClusterFixture fixture) : IClassFixture<RunnerServiceClusterFixture>
{
    private RunnerServiceCluster Cluster => fixture.Cluster;
    private RunningServer Frontend => Cluster.Frontend;

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    [Fact]
    public void Frontend_has_no_in_process_Runner_and_the_Runners_have_no_database_settings()
    {
        Assert.All(Frontend.Services.GetServices<IRunner>(), runner => Assert.IsNotType<LocalRunner>(runner));
        Assert.Equal(Cluster.Runners.Select(r => r.BaseAddress).OrderBy(u => u.Port), Cluster.RunnerClient.RunnersFor("sha256:any").OrderBy(u => u.Port));
        // In-process nodes share this process's environment variables; RunnerServiceProcessTests checks a scrubbed one.
        var database = Frontend.Settings["Extensions:PostgresConnectionString"];
        foreach (var runner in Cluster.Runners)
        {
            Assert.Empty(runner.Configuration.GetSection("Extensions").GetChildren());
            Assert.DoesNotContain(runner.Configuration.AsEnumerable(), setting => setting.Value == database);
            Assert.Equal(Frontend.BlobDirectory, runner.Configuration["Runner:BlobDirectory"]);
        }
    }

    [Fact]
    public async Task Route_runs_on_the_Runner_rendezvous_hashing_picks_and_its_answer_reaches_the_caller()
    {
        var installed = await Frontend.InstallHandlerAsync();
        var order = Cluster.RunnersFor(installed.ContentHash);
        var (chosen, other) = (order[0], order[1]);
        var (chosenBefore, otherBefore) = (chosen.Executed, other.Executed);
        using var client = Frontend.WithKey(installed.TenantKey);

        using var response = await client.GetAsync(installed.Route("/items/42?view=full"));

        var echo = await response.JsonAsync();
        Assert.Equal("/items/42", echo.GetProperty("path").GetString());
        Assert.Equal("view=full", echo.GetProperty("query").GetString());
        Assert.Equal("42", echo.GetProperty("params").GetProperty("id").GetString());
        Assert.Equal(installed.Extension, echo.GetProperty("installation").GetProperty("extension").GetString());
        Assert.Equal("hi", echo.GetProperty("config").GetProperty("greeting").GetString());
        Assert.Equal(chosenBefore + 1, chosen.Executed);
        Assert.Equal(otherBefore, other.Executed);
        Assert.True(chosen.Modules.Contains(installed.ContentHash), "the chosen Runner compiled the module");
        Assert.False(other.Modules.Contains(installed.ContentHash), "the other Runner never saw it");

        // Same content hash, same Runner.
        using var again = await client.GetAsync(installed.Route("/noop"));
        Assert.Equal("ok", await again.Content.ReadAsStringAsync());
        Assert.Equal(chosenBefore + 2, chosen.Executed);
        Assert.Equal(otherBefore, other.Executed);
    }

    [Fact]
    public async Task Declared_extension_action_runs_on_the_Runner_service()
    {
        var installed = await Frontend.InstallHandlerAsync();
        var chosen = Cluster.RunnersFor(installed.ContentHash)[0];
        var before = chosen.Executed;
        using var client = Frontend.WithKey(installed.TenantKey);

        using var response = await client.PostAsync(Api.TenantRoute(installed.Tenant, $"/actions/{installed.Extension}.echo"),
            new StringContent("{\"n\":7}", Encoding.UTF8, "application/json"));

        var output = await response.JsonAsync();
        Assert.Equal("echo", output.GetProperty("action").GetString());
        Assert.Equal(7, output.GetProperty("input").GetProperty("n").GetInt32());
        Assert.Equal(before + 1, chosen.Executed);
    }

    [Fact]
    public async Task Handler_action_calls_go_from_the_Runner_to_the_Frontend_Action_API_with_the_request_token()
    {
        var installed = await Frontend.InstallHandlerAsync(grants: ["cap:storage.kv"]);
        var chosen = Cluster.RunnersFor(installed.ContentHash)[0];
        var before = chosen.Executed;
        using var client = Frontend.WithKey(installed.TenantKey);

        // storage.put then storage.get in one request: the Runner has no database, so the value
        // can only have come back through the Frontend's Action API.
        using var response = await client.PostAsync(installed.Route("/kv"), Text("kept through the Action API"));

        var output = await response.JsonAsync();
        Assert.True(output.GetProperty("found").GetBoolean());
        Assert.Equal("kept through the Action API", output.GetProperty("value").GetString());
        Assert.Equal(before + 1, chosen.Executed);
    }

    [Fact]
    public async Task Handler_action_call_without_the_grant_is_refused_with_the_capability_code()
    {
        var ungranted = await Frontend.InstallHandlerAsync(grants: []);
        var chosen = Cluster.RunnersFor(ungranted.ContentHash)[0];
        var before = chosen.Executed;
        using var client = Frontend.WithKey(ungranted.TenantKey);

        using var response = await client.PostAsync(ungranted.Route("/kv"), Text("never stored"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // the handler answers 403 with the refusal's code
        Assert.Equal("capability_not_granted", await response.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, chosen.Executed);
    }

    [Fact]
    public async Task Infinite_loop_on_a_Runner_ends_in_504_handler_timeout_while_both_Runners_keep_serving_other_tenants()
    {
        var hostile = await Frontend.InstallHandlerAsync();
        var hostileRunner = Cluster.RunnersFor(hostile.ContentHash)[0];
        var sameRunner = await InstallUntilAsync(runner => runner == hostileRunner);
        var otherRunner = await InstallUntilAsync(runner => runner != hostileRunner);
        using var attacker = Frontend.WithKey(hostile.TenantKey);

        var receivedBefore = hostileRunner.Received;
        var attack = attacker.GetAsync(hostile.Route("/loop"));
        await hostileRunner.WaitUntilReceivedAsync(receivedBefore + 1, TimeSpan.FromSeconds(30)); // the loop is running now
        foreach (var neighbour in new[] { sameRunner, otherRunner })
        {
            using var other = Frontend.WithKey(neighbour.TenantKey);
            for (var i = 0; i < 3; i++)
            {
                using var served = await other.GetAsync(neighbour.Route("/noop"));
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Equal("ok", await served.Content.ReadAsStringAsync());
            }
        }
        using (var response = await attack)
            await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, RunnerCodes.HandlerTimeout);

        Assert.True(hostileRunner.Modules.Contains(hostile.ContentHash), "the loop ran on the Runner rendezvous hashing picked");
        // The Runner that ran the loop still serves, the hostile installation's good routes included.
        using var again = await attacker.GetAsync(hostile.Route("/noop"));
        Assert.Equal("ok", await again.Content.ReadAsStringAsync());
    }

    /// <summary>Installs the handler in fresh tenants until one lands on a Runner matching <paramref name="wanted"/> (each install is a coin toss).</summary>
    private async Task<InstalledHandler> InstallUntilAsync(Func<RunnerServiceNode, bool> wanted)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var installed = await Frontend.InstallHandlerAsync();
            if (wanted(Cluster.RunnersFor(installed.ContentHash)[0])) return installed;
        }
        throw new InvalidOperationException("30 installations in a row landed on the same Runner: rendezvous hashing is not spreading content hashes.");
    }
}
