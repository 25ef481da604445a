using System.Net;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Frontend.Tests.MultiNode;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

/// <summary>
/// The Runner service binary as its own OS process, started with Runner settings only and an
/// environment without database or platform variables, serving a Frontend's gateway.
/// </summary>
public sealed class RunnerServiceProcessTests
{
    [Fact]
    public async Task Runner_process_with_only_Runner_settings_serves_routes_and_action_calls_and_its_crash_is_503_runner_unavailable()
    {
        await using var database = await PostgresDatabase.CreateAsync("runner_process");
        var url = RunnerServiceNode.FreeLoopbackUrl();
        await using var frontend = await RunnerServiceCluster.StartFrontendAsync(database, [url]);
        var installed = await frontend.InstallHandlerAsync(grants: ["cap:storage.kv"]);
        using var client = frontend.WithKey(installed.TenantKey);
        await using var runner = await RunnerServiceProcess.StartAsync(url, RunnerServiceCluster.Secret, frontend.BaseAddress, frontend.BlobDirectory, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(runner.Environment, variable => variable.Value is { } value &&
            (value.Contains(database.ConnectionString, StringComparison.Ordinal) || value.Contains("Host=", StringComparison.OrdinalIgnoreCase)));

        using (var response = await client.PostAsync(installed.Route("/kv"), new StringContent("from another process", Encoding.UTF8, "text/plain")))
            Assert.Equal("from another process", (await response.JsonAsync()).GetProperty("value").GetString());
        Assert.Equal(1, await runner.ModuleLoadsAsync());

        // The Runner dies while the handler runs: the request was sent, so it is not retried.
        var looping = client.GetAsync(installed.Route("/loop"));
        await runner.WaitForExecuteRequestsAsync(2, TimeSpan.FromSeconds(30));
        await runner.KillAsync();
        using (var crashed = await looping)
            await crashed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, RunnerCodes.RunnerUnavailable);

        using var lost = await client.GetAsync(installed.Route("/noop"));
        await lost.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, RunnerCodes.RunnerUnavailable);
    }
}
