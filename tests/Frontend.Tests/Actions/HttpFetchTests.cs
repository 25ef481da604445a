using System.Net;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>
/// The allow path of http.fetch against the loopback test server, reachable only through the
/// TEST-ONLY loopback allowance for its port; every other hop goes through the production rules.
/// </summary>
public sealed class HttpFetchTests(SqliteActionServer fixture) : IClassFixture<SqliteActionServer>
{
    private RunningServer Server => fixture.Server;
    private LoopbackTestServer Outside => fixture.Outside;
    private string Url(string path) => $"http://{ActionKit.EgressHost}:{Outside.Port}{path}";

    [Fact]
    public async Task A_get_to_an_allow_listed_host_returns_status_headers_and_body()
    {
        var app = await Server.InstallAsync();

        var result = await Server.CallOkAsync(app.Token, "http.fetch", new { url = Url("/hello") });

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal("hello from the test server", result.GetProperty("body").GetString());
        Assert.StartsWith("text/plain", result.GetProperty("headers").GetProperty("content-type").GetString());
    }

    [Fact]
    public async Task A_post_sends_its_body_and_headers()
    {
        var app = await Server.InstallAsync();

        var result = await Server.CallOkAsync(app.Token, "http.fetch", new
        {
            url = Url("/echo"), method = "POST", body = "{\"x\":1}",
            headers = new Dictionary<string, string> { ["X-Test"] = "yes", ["Content-Type"] = "application/json" },
        });

        var echoed = System.Text.Json.JsonDocument.Parse(result.GetProperty("body").GetString()!).RootElement;
        Assert.Equal("POST", echoed.GetProperty("method").GetString());
        Assert.Equal("{\"x\":1}", echoed.GetProperty("body").GetString());
        Assert.Equal("yes", echoed.GetProperty("header").GetString());
    }

    [Fact]
    public async Task A_redirect_on_the_allowed_host_is_followed()
    {
        var app = await Server.InstallAsync();

        var result = await Server.CallOkAsync(app.Token, "http.fetch", new { url = Url("/redirect?to=/hello") });

        Assert.Equal("hello from the test server", result.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("http://10.0.0.1/", "egress_address_forbidden")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "egress_address_forbidden")]
    [InlineData("http://[::1]/", "egress_address_forbidden")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "egress_address_forbidden")]
    [InlineData("http://evil.example.org/", "egress_host_not_allowed")]
    [InlineData("file:///etc/passwd", "egress_url_invalid")]
    public async Task A_redirect_off_the_rules_is_refused_and_not_followed(string target, string code)
    {
        var app = await Server.InstallAsync();
        var path = "/redirect?to=" + Uri.EscapeDataString(target);

        using var response = await Server.CallAsync(app.Token, "http.fetch", new { url = Url(path) });

        var status = code == "egress_url_invalid" ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;
        await response.AssertRefusedAsync(status, code);
    }

    [Fact]
    public async Task A_redirect_to_a_loopback_port_outside_the_test_allowance_is_refused()
    {
        var app = await Server.InstallAsync();
        var target = $"http://{ActionKit.EgressHost}:{Server.BaseAddress.Port}/api/actions";

        using var response = await Server.CallAsync(app.Token, "http.fetch", new { url = Url("/redirect?to=" + Uri.EscapeDataString(target)) });

        await response.AssertRefusedAsync(HttpStatusCode.Forbidden, "egress_address_forbidden");
    }

    [Fact]
    public async Task Redirect_loops_response_size_and_time_are_capped()
    {
        var app = await Server.InstallAsync();

        using var loop = await Server.CallAsync(app.Token, "http.fetch", new { url = Url("/loop") });
        using var big = await Server.CallAsync(app.Token, "http.fetch", new { url = Url("/big") });
        using var slow = await Server.CallAsync(app.Token, "http.fetch", new { url = Url("/slow") });

        await loop.AssertRefusedAsync(HttpStatusCode.BadGateway, "egress_too_many_redirects");
        await big.AssertRefusedAsync(HttpStatusCode.BadGateway, "egress_response_too_large");
        await slow.AssertRefusedAsync(HttpStatusCode.GatewayTimeout, "egress_timeout");
    }

    [Fact]
    public async Task Hosts_outside_the_manifests_egress_list_and_ungranted_fetches_are_refused()
    {
        var app = await Server.InstallAsync(egress: ["api.example.com"]);
        var noGrant = await Server.InstallAsync(grants: ["cap:storage.kv"]);

        using var offList = await Server.CallAsync(app.Token, "http.fetch", new { url = Url("/hello") });
        using var ungranted = await Server.CallAsync(noGrant.Token, "http.fetch", new { url = Url("/hello") });
        using var hopHeader = await Server.CallAsync(app.Token, "http.fetch", new { url = "https://api.example.com/", headers = new { Host = "x" } });

        await offList.AssertRefusedAsync(HttpStatusCode.Forbidden, "egress_host_not_allowed", "/url");
        await ungranted.AssertRefusedAsync(HttpStatusCode.Forbidden, "capability_not_granted");
        await hopHeader.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", "/headers/Host");
    }
}

/// <summary>SSRF attempts against the production egress policy: no exemption of any kind is configured.</summary>
public sealed class HttpFetchSsrfTests(StrictEgressActionServer fixture) : IClassFixture<StrictEgressActionServer>
{
    private RunningServer Server => fixture.Server;

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://127.0.0.1:{port}/hello")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://10.200.3.4:8080/admin")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://api.localhost:{port}/hello")]
    [InlineData("http://metadata.google.internal/")]
    public async Task Loopback_private_link_local_and_metadata_targets_are_refused(string url)
    {
        var app = await Server.InstallAsync(egress: [ActionKit.EgressHost, "metadata.google.internal"]);

        using var response = await Server.CallAsync(app.Token, "http.fetch", new { url = url.Replace("{port}", fixture.Outside.Port.ToString()) });

        await response.AssertRefusedAsync(HttpStatusCode.Forbidden, "egress_address_forbidden");
        Assert.Empty(fixture.Outside.Requests);
    }

    [Fact]
    public async Task A_name_that_is_not_allow_listed_is_refused_before_any_lookup()
    {
        var app = await Server.InstallAsync();

        using var response = await Server.CallAsync(app.Token, "http.fetch", new { url = "http://localhost/" });

        await response.AssertRefusedAsync(HttpStatusCode.Forbidden, "egress_host_not_allowed");
    }
}
