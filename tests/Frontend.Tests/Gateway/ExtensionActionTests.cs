using System.Net;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>POST /api/v1/tenants/{tenant}/actions/{extension}.{action}: declared actions with schema-checked input.</summary>
public sealed class ExtensionActionTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private RunningServer Server => fixture.Server;

    private static string Route(InstalledHandler installed, string action) => Api.TenantRoute(installed.Tenant, $"/actions/{installed.Extension}.{action}");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Declared_action_runs_the_handlers_action_entry_with_the_input()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(Route(installed, "echo"), Json("{\"n\":3}"));
        var output = await response.JsonAsync();
        Assert.Equal("echo", output.GetProperty("action").GetString());
        Assert.Equal(3, output.GetProperty("input").GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("{}", "/n")]
    [InlineData("{\"n\":\"three\"}", "/n")]
    [InlineData("[]", "")]
    public async Task Input_against_the_schema_is_refused_with_a_pointer(string input, string pointer)
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(Route(installed, "echo"), Json(input));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "action_input_invalid");
        Assert.Equal(pointer, problem.GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task Input_with_a_lone_surrogate_or_invalid_utf8_is_action_input_invalid_not_a_fault()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        byte[] invalidUtf8 = [.. "{\"n\":1,\"s\":\""u8, 0xFF, .. "\"}"u8];

        using var surrogate = await client.PostAsync(Route(installed, "echo"), Json("{\"n\":1,\"s\":\"\\ud800\"}"));
        using var bytes = await client.PostAsync(Route(installed, "echo"),
            new ByteArrayContent(invalidUtf8) { Headers = { ContentType = new("application/json") } });

        foreach (var response in new[] { surrogate, bytes })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "action_input_invalid");
            Assert.Equal("/s", problem.GetProperty("pointer").GetString());
        }
    }

    [Fact]
    public async Task Malformed_input_is_refused()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(Route(installed, "echo"), Json("{\"n\":"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "action_input_malformed");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("")]
    public async Task Undeclared_action_is_404(string action)
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(Route(installed, action), Json("{}"));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "extension_action_not_declared");
    }

    [Fact]
    public async Task Handler_refusing_the_action_is_502_extension_action_failed()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(Route(installed, "fail"), Json("{}"));
        await response.AssertProblemAsync(HttpStatusCode.BadGateway, "extension_action_failed");
    }

    [Fact]
    public async Task Disabled_installation_and_other_tenants_are_refused()
    {
        var installed = await Server.InstallHandlerAsync();
        var (_, otherKey) = await Server.NewTenantAsync("gw");
        using (var other = Server.WithKey(otherKey))
        using (var response = await other.PostAsync(Route(installed, "echo"), Json("{\"n\":1}")))
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await Server.SetEnabledAsync(installed, enabled: false);
        using var client = Server.WithKey(installed.TenantKey);
        using (var response = await client.PostAsync(Route(installed, "echo"), Json("{\"n\":1}")))
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "installation_disabled");
    }
}
