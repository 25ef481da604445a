using System.Net;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// Hostile routes of the clang-built handler through the full gateway: each ends in its own status
/// and code, and the server keeps answering other tenants while and after they run.
/// </summary>
public sealed class HostileHandlerTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private RunningServer Server => fixture.Server;

    [Theory]
    [InlineData("/loop", HttpStatusCode.GatewayTimeout, "handler_timeout")]
    [InlineData("/bomb", HttpStatusCode.InsufficientStorage, "handler_memory_limit")]
    [InlineData("/recurse", HttpStatusCode.BadGateway, "handler_stack_overflow")]
    [InlineData("/huge", HttpStatusCode.InsufficientStorage, "response_too_large")]
    [InlineData("/trap", HttpStatusCode.BadGateway, "handler_trap")]
    public async Task Hostile_route_gets_its_status_and_code_while_other_tenants_are_served(string path, HttpStatusCode status, string code)
    {
        var hostile = await Server.InstallHandlerAsync();
        var neighbour = await Server.InstallHandlerAsync();
        using var attacker = Server.WithKey(hostile.TenantKey);
        using var other = Server.WithKey(neighbour.TenantKey);

        var attack = attacker.GetAsync(hostile.Route(path));
        for (var i = 0; i < 5; i++)
        {
            using var served = await other.GetAsync(neighbour.Route("/noop"));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("ok", await served.Content.ReadAsStringAsync());
        }
        using (var response = await attack)
            await response.AssertProblemAsync(status, code);

        using var after = await other.GetAsync(neighbour.Route("/noop"));
        Assert.Equal("ok", await after.Content.ReadAsStringAsync());
        // The hostile installation itself keeps working for well-behaved routes: fresh instance per request.
        using var again = await attacker.GetAsync(hostile.Route("/noop"));
        Assert.Equal("ok", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Action_without_its_capability_is_refused_to_the_handler()
    {
        var ungranted = await Server.InstallHandlerAsync(grants: []);
        using var client = Server.WithKey(ungranted.TenantKey);
        using var response = await client.PostAsync(ungranted.Route("/save"), new StringContent("note", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("capability_not_granted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Action_with_its_capability_runs_through_the_dispatcher_with_the_request_token()
    {
        var granted = await Server.InstallHandlerAsync(grants: ["cap:storage.kv"]);
        using var client = Server.WithKey(granted.TenantKey);
        using var response = await client.PostAsync(granted.Route("/save"), new StringContent("note", Encoding.UTF8, "text/plain"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
    }
}
