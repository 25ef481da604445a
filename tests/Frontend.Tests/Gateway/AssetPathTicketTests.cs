using System.Net;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// The ticket as a path prefix, /ext-ui/{extension}/{contentHash}/_t/{ticket}/{file}: what a
/// sandboxed iframe uses, because its subresource requests may not carry the ticket cookie.
/// </summary>
public sealed class AssetPathTicketTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private RunningServer Server => fixture.Server;

    private async Task<string> TicketAsync(InstalledHandler installed)
    {
        using var admin = Server.WithKey(installed.TenantKey);
        using var response = await admin.PostAsync(Api.TenantRoute(installed.Tenant, $"/extensions/{installed.Extension}/ui-ticket"), null);
        return (await response.JsonAsync()).GetProperty("ticket").GetString()!;
    }

    private static string PathUrl(InstalledHandler installed, string ticket, string file) =>
        $"/ext-ui/{installed.Extension}/{installed.ContentHash}/_t/{ticket}/{file}";

    [Fact]
    public async Task Entry_and_relative_files_load_with_the_ticket_in_the_path_and_no_cookie_is_needed()
    {
        var installed = await Server.InstallHandlerAsync();
        var ticket = await TicketAsync(installed);
        using var anonymous = Server.Anonymous();

        using var entry = await anonymous.GetAsync(PathUrl(installed, ticket, "index.html"));
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Contains("<script src=\"app.js\">", await entry.Content.ReadAsStringAsync());
        Assert.False(entry.Headers.Contains("Set-Cookie"));
        using var script = await anonymous.GetAsync(PathUrl(installed, ticket, "app.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("console.log('ui');", await script.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Path_tickets_are_checked_like_query_tickets()
    {
        var installed = await Server.InstallHandlerAsync();
        var other = await Server.InstallHandlerAsync();
        var ticket = await TicketAsync(installed);
        var otherTicket = await TicketAsync(other);
        var tampered = ticket[..^2] + (ticket[^2] == 'A' ? "B" : "A") + ticket[^1];
        using var anonymous = Server.Anonymous();

        foreach (var url in new[]
                 {
                     PathUrl(installed, otherTicket, "index.html"),                   // another tenant's ticket
                     PathUrl(installed, tampered, "index.html"),                      // a tampered signature
                     PathUrl(installed, "", "index.html"),                            // an empty ticket
                     $"/ext-ui/{installed.Extension}/{installed.ContentHash}/_t/{ticket}", // a ticket and no file
                     PathUrl(installed, ticket, "missing.js"),
                 })
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
        await Server.SetEnabledAsync(installed, enabled: false);
        using (var disabled = await anonymous.GetAsync(PathUrl(installed, ticket, "index.html")))
            Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
    }
}
