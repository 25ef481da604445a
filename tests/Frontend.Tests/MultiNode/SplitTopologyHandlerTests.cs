using System.Net;
using System.Net.Http.Json;
using System.Text;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// Handlers on the split topology: a client Frontend (no silo of its own) in front of two silo nodes
/// over one PostgreSQL, so every handler runs on a silo. What the retired Runner services promised
/// holds here: a hostile handler on a silo leaves every other tenant served, handler log lines and
/// action calls come back to the edge, and with no silo left the gateway answers 503
/// runner_unavailable without naming a node.
/// </summary>
public sealed class SplitTopologyHandlerTests(SplitTopologyFixture fixture) : IClassFixture<SplitTopologyFixture>
{
    private FrontendProcess Edge => fixture.Edge;

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task Infinite_loop_on_a_silo_ends_in_504_handler_timeout_while_other_tenants_keep_being_served()
    {
        var hostile = await fixture.InstallHandlerAsync();
        var neighbours = new[] { await fixture.InstallHandlerAsync(), await fixture.InstallHandlerAsync() };
        using var attacker = Edge.Client(hostile.TenantKey);
        using (var warm = await attacker.GetAsync(hostile.Route("/noop"))) // compiled on a silo before the loop starts
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        var attack = attacker.GetAsync(hostile.Route("/loop"));
        var servedDuringTheLoop = 0;
        foreach (var neighbour in neighbours)
        {
            using var other = Edge.Client(neighbour.TenantKey);
            for (var i = 0; i < 3; i++)
            {
                var loopStillRunning = !attack.IsCompleted;
                using var served = await other.GetAsync(neighbour.Route("/noop"));
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Equal("ok", await served.Content.ReadAsStringAsync());
                if (loopStillRunning && !attack.IsCompleted) servedDuringTheLoop++;
            }
        }
        using (var response = await attack)
            await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, RunnerCodes.HandlerTimeout);
        Assert.True(servedDuringTheLoop > 0, "no neighbour call overlapped the 5 s loop");

        // The silo that ran the loop still serves, the hostile installation's good routes included.
        using var again = await attacker.GetAsync(hostile.Route("/noop"));
        Assert.Equal("ok", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Trapping_route_and_logging_action_on_a_silo_leave_their_lines_in_the_installation_log()
    {
        var installed = await fixture.InstallHandlerAsync();
        var (routeTag, actionTag) = (HandlerLogTests.NewTag(), HandlerLogTests.NewTag());
        using var client = Edge.Client(installed.TenantKey);
        using (var response = await client.GetAsync(installed.Route($"/log-trap?{routeTag}")))
            await response.AssertProblemAsync(HttpStatusCode.BadGateway, "handler_trap");
        using (var response = await client.PostAsync(Api.TenantRoute(installed.Tenant, $"/actions/{installed.Extension}.log"),
            new StringContent($$"""{"tag":"{{actionTag}}"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entries = await client.InstallationLogAsync(installed,
            e => HandlerLogTests.Tagged(e, routeTag).Count >= 4 && HandlerLogTests.Tagged(e, actionTag).Count >= 4 && e.Any(HandlerLogTests.IsTrap));

        Assert.Equal(["error", "warn", "info", "debug"], HandlerLogTests.Tagged(entries, routeTag).Select(e => e.Level));
        Assert.Equal(["error", "warn", "info", "debug"], HandlerLogTests.Tagged(entries, actionTag).Select(e => e.Level));
        var trap = Assert.Single(entries, HandlerLogTests.IsTrap);
        Assert.Equal("handler_trap", trap.Fields!.Value.GetProperty("code").GetString());
        Assert.All(entries, e => Assert.Equal("handler", e.Source));
        Assert.Equal(9, entries.Count);
    }

    [Fact]
    public async Task Route_answer_declared_extension_action_and_granted_action_calls_come_back_through_the_edge()
    {
        var installed = await fixture.InstallHandlerAsync(grants: ["cap:storage.kv"]);
        using var client = Edge.Client(installed.TenantKey);

        using (var response = await client.GetAsync(installed.Route("/items/42?view=full")))
        {
            var echo = await response.JsonAsync();
            Assert.Equal("/items/42", echo.GetProperty("path").GetString());
            Assert.Equal("view=full", echo.GetProperty("query").GetString());
            Assert.Equal("42", echo.GetProperty("params").GetProperty("id").GetString());
            Assert.Equal("hi", echo.GetProperty("config").GetProperty("greeting").GetString());
        }
        using (var response = await client.PostAsync(Api.TenantRoute(installed.Tenant, $"/actions/{installed.Extension}.echo"),
            new StringContent("{\"n\":7}", Encoding.UTF8, "application/json")))
        {
            var output = await response.JsonAsync();
            Assert.Equal("echo", output.GetProperty("action").GetString());
            Assert.Equal(7, output.GetProperty("input").GetProperty("n").GetInt32());
        }
        // storage.put then storage.get in one request, through the Action dispatcher with the request's token.
        using (var response = await client.PostAsync(installed.Route("/kv"), Text("kept through the Action API")))
        {
            var output = await response.JsonAsync();
            Assert.True(output.GetProperty("found").GetBoolean());
            Assert.Equal("kept through the Action API", output.GetProperty("value").GetString());
        }
    }

    [Fact]
    public async Task Handler_action_call_without_the_grant_is_refused_with_the_capability_code()
    {
        var ungranted = await fixture.InstallHandlerAsync(grants: []);
        using var client = Edge.Client(ungranted.TenantKey);

        using var response = await client.PostAsync(ungranted.Route("/kv"), Text("never stored"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // the handler answers 403 with the refusal's code
        Assert.Equal("capability_not_granted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_no_silo_left_the_edge_answers_503_runner_unavailable_naming_no_node()
    {
        await using var cluster = await SplitTopologyFixture.StartAsync();
        var installed = await cluster.InstallHandlerAsync();
        using var client = cluster.Edge.Client(installed.TenantKey);
        using (var served = await client.GetAsync(installed.Route("/noop")))
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        await cluster.Cluster.A.KillAsync();
        await cluster.Cluster.B.KillAsync();
        using var none = await client.GetAsync(installed.Route("/noop"));

        var problem = await none.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, RunnerCodes.RunnerUnavailable);
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        foreach (var node in new[] { cluster.Cluster.A, cluster.Cluster.B })
            Assert.DoesNotContain(node.BaseAddress.Authority, detail);
        Assert.DoesNotContain("127.0.0.1", detail); // nor a silo endpoint
    }
}

/// <summary>Two silo nodes and a client Frontend ("edge") of the split topology, over one fresh PostgreSQL database.</summary>
public sealed class SplitTopologyFixture : IAsyncLifetime, IAsyncDisposable
{
    private TwoNodeCluster? _cluster;
    private FrontendProcess? _edge;

    public TwoNodeCluster Cluster => _cluster ?? throw new InvalidOperationException("The split topology has not started.");
    public FrontendProcess Edge => _edge ?? throw new InvalidOperationException("The split topology has not started.");

    public static async Task<SplitTopologyFixture> StartAsync()
    {
        var fixture = new SplitTopologyFixture();
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        _cluster = await TwoNodeCluster.StartAsync();
        _edge = await _cluster.StartNodeAsync("edge", extra: new Dictionary<string, string> { ["Extensions:Cluster:Role"] = "client" });
    }

    /// <summary>The clang-built gateway handler, published and installed through the edge in a fresh tenant.</summary>
    public async Task<InstalledHandler> InstallHandlerAsync(string[]? grants = null)
    {
        using var admin = Edge.Client(Cluster.AdminKey);
        using var createdResponse = await admin.PostAsJsonAsync("/api/v1/tenants", new { slug = $"split-{Guid.NewGuid():N}"[..16] });
        var created = await createdResponse.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created);
        using var tenant = Edge.Client(created.ApiKey);
        return await tenant.InstallHandlerAsync(created.Slug, created.ApiKey, grants);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_edge is not null) await _edge.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
