using System.Net;
using System.Text.Json;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Operations;

/// <summary>The Orleans dashboard under /ops/dashboard/ on the embedded default: only after a sign-in with the platform admin key.</summary>
public sealed class DashboardAccessTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    private RunningServer Server => fixture.Server;

    private HttpClient Raw(string? cookie = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Server.BaseAddress };
        if (cookie is not null)
            client.DefaultRequestHeaders.Add("Cookie", $"scrm_ops={cookie}");
        return client;
    }

    private Task<HttpResponseMessage> SignInAsync(HttpClient client, string key) =>
        client.PostAsync("/ops/sign-in", new FormUrlEncodedContent([new("key", key)]));

    [Theory]
    [InlineData("/ops/dashboard/")]
    [InlineData("/ops/dashboard/index.min.js")]
    [InlineData("/ops/dashboard/DashboardCounters")]
    [InlineData("/ops/dashboard/ClusterStats")]
    public async Task Without_signing_in_every_dashboard_route_is_401(string route)
    {
        var (_, tenantKey) = await Server.NewTenantAsync("dash");
        using var anonymous = Raw();
        using (var response = await anonymous.GetAsync(route))
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        // A tenant key or a made-up value in the cookie, or the admin key as a bearer header instead of the cookie: still 401.
        foreach (var client in new[] { Raw(tenantKey), Raw("not-a-key-0123456789abcdefghij"), Server.AsPlatformAdmin() })
        {
            using (client)
            using (var response = await client.GetAsync(route))
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task A_browser_without_the_cookie_gets_401_with_the_sign_in_form()
    {
        using var anonymous = Raw();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/dashboard/");
        request.Headers.Add("Accept", "text/html");
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("action=\"/ops/sign-in\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_in_with_anything_but_the_platform_admin_key_is_401_and_sets_no_cookie()
    {
        var (_, tenantKey) = await Server.NewTenantAsync("dash");
        using var client = Raw();
        foreach (var key in new[] { "", "wrong-key-0123456789abcdefghij", tenantKey, new string('k', 600), Server.AdminKey + "x" })
        {
            using var response = await SignInAsync(client, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            Assert.Contains("That is not the platform admin key.", await response.Content.ReadAsStringAsync());
        }
        using var notAForm = await client.PostAsync("/ops/sign-in", new StringContent(Server.AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, notAForm.StatusCode);
    }

    [Fact]
    public async Task The_admin_key_signs_in_with_a_strict_http_only_cookie_and_the_dashboard_shows_the_silo()
    {
        using var page = await Raw().GetAsync("/ops/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("type=\"password\"", await page.Content.ReadAsStringAsync());

        using var signedIn = await SignInAsync(Raw(), Server.AdminKey);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/ops/dashboard/", signedIn.Headers.Location?.OriginalString);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith($"scrm_ops={Uri.EscapeDataString(Server.AdminKey)};", cookie);
        Assert.Contains("path=/ops", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http here; https requests get Secure

        using var dashboard = Raw(Server.AdminKey);
        using (var html = await dashboard.GetAsync("/ops/dashboard/"))
        {
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            Assert.Contains("Orleans Dashboard", await html.Content.ReadAsStringAsync());
        }
        // The dashboard collects once a second: its first answers may list no silo yet (a liveness bound, not a speed claim).
        List<JsonElement> hosts = [];
        for (var attempt = 0; attempt < 120 && hosts.Count == 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(250);
            using var counters = await dashboard.GetAsync("/ops/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            hosts = JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.Clone()).ToList();
        }
        var silo = Assert.Single(hosts);
        Assert.Equal("Active", silo.GetProperty("status").GetString());

        using var signedOut = await dashboard.PostAsync("/ops/sign-out", null);
        Assert.Contains("scrm_ops=;", signedOut.Headers.GetValues("Set-Cookie").Single());
    }
}
