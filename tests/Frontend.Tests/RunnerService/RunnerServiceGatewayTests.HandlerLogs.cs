using System.Net;
using System.Text;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

// Handler log lines with the handlers run by Runner services (same cluster as the other gateway tests):
// the lines travel back in the execute response and reach the installation's log exactly as with the
// in-process Runner (Gateway/HandlerLogTests).
public sealed partial class RunnerServiceGatewayTests
{
    [Fact]
    public async Task Trapping_route_and_logging_action_leave_their_lines_in_the_installation_log()
    {
        var installed = await Frontend.InstallHandlerAsync();
        var (routeTag, actionTag) = (HandlerLogTests.NewTag(), HandlerLogTests.NewTag());
        using var client = Frontend.WithKey(installed.TenantKey);
        using (var response = await client.GetAsync(installed.Route($"/log-trap?{routeTag}")))
            await response.AssertProblemAsync(HttpStatusCode.BadGateway, "handler_trap");
        using (var response = await client.PostAsync(Api.TenantRoute(installed.Tenant, $"/actions/{installed.Extension}.log"),
            new StringContent($$"""{"tag":"{{actionTag}}"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entries = await Frontend.InstallationLogAsync(installed,
            e => HandlerLogTests.Tagged(e, routeTag).Count >= 4 && HandlerLogTests.Tagged(e, actionTag).Count >= 4 && e.Any(HandlerLogTests.IsTrap));

        Assert.Equal(["error", "warn", "info", "debug"], HandlerLogTests.Tagged(entries, routeTag).Select(e => e.Level));
        Assert.Equal(["error", "warn", "info", "debug"], HandlerLogTests.Tagged(entries, actionTag).Select(e => e.Level));
        var trap = Assert.Single(entries, HandlerLogTests.IsTrap);
        Assert.Equal("handler_trap", trap.Fields!.Value.GetProperty("code").GetString());
        Assert.All(entries, e => Assert.Equal("handler", e.Source));
        Assert.Equal(9, entries.Count);
    }
}
