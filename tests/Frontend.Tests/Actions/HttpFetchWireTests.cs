using System.Net;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>
/// What http.fetch writes on the wire, read by <see cref="WireRecordingServer"/>: hostile request
/// headers never reach it (no smuggled request, no injected Host, Transfer-Encoding or
/// Authorization), credentials do not follow a redirect to another origin, and a redirected POST
/// is delivered once.
/// </summary>
public sealed class HttpFetchWireTests(SqliteActionServer fixture) : IClassFixture<SqliteActionServer>
{
    private RunningServer Server => fixture.Server;
    private WireRecordingServer Wire => fixture.Wire;

    private string WireUrl(string path, string host = ActionKit.EgressHost) => $"http://{host}:{Wire.Port}{path}";

    private static string Marker() => Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData("X-Note", "v\r\nContent-Length: 0\r\n\r\nGET /smuggled-{m} HTTP/1.1\r\nHost: other.localhost\r\n\r\n")]
    [InlineData("X-Note", "v\r\nHost: evil.example.com")]
    [InlineData("X-Note", "v\r\nTransfer-Encoding: chunked")]
    [InlineData("X-Note", "v\r\nAuthorization: Bearer injected")]
    [InlineData("X-Note", "v\nX-Injected: lf-only")]
    [InlineData("X-Note", "v\rX-Injected: cr-only")]
    [InlineData("X-Note", "v\0after-nul")]
    [InlineData("X-Note", "v\u0001control")]
    [InlineData("X-Note", "caf\u00e9")]
    public async Task A_header_value_with_CR_LF_NUL_or_another_non_ASCII_or_control_character_is_refused_before_anything_is_sent(string name, string value)
    {
        var app = await Server.InstallAsync();
        var marker = Marker();

        using var response = await Server.CallAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/t/{marker}"), headers = new Dictionary<string, string> { [name] = value.Replace("{m}", marker) },
        });

        var problem = await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", "/headers/" + name);
        Assert.Contains($"'{name}'", problem.GetProperty("detail").GetString());
        Assert.Empty(Wire.RequestsWith(marker));
    }

    [Theory]
    [InlineData("X-Note\r\nHost: evil.example.com")]
    [InlineData("X Note")]
    [InlineData("X:Note")]
    [InlineData("X-N\u00f6te")]
    [InlineData("(note)")]
    [InlineData("")]
    public async Task A_header_name_that_is_not_an_HTTP_token_is_refused_before_anything_is_sent(string name)
    {
        var app = await Server.InstallAsync();
        var marker = Marker();

        using var response = await Server.CallAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/t/{marker}"), headers = new Dictionary<string, string> { [name] = "v" },
        });

        var problem = await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid");
        Assert.Contains("not an HTTP token", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain('\r', problem.GetProperty("detail").GetString()!);
        Assert.Empty(Wire.RequestsWith(marker));
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Connection")]
    [InlineData("Content-Length")]
    [InlineData("Transfer-Encoding")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Upgrade")]
    [InlineData("Keep-Alive")]
    [InlineData("Expect")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Proxy-Connection")]
    [InlineData("Proxy-Anything")]
    [InlineData("Forwarded")]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Forwarded-Host")]
    [InlineData("X-Real-IP")]
    [InlineData("Via")]
    [InlineData("HTTP2-Settings")]
    [InlineData("Alt-Used")]
    public async Task Hop_by_hop_and_routing_headers_may_not_be_set(string name)
    {
        var app = await Server.InstallAsync();
        var marker = Marker();

        using var response = await Server.CallAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/t/{marker}"), method = "POST", body = "x", headers = new Dictionary<string, string> { [name] = "1" },
        });

        var problem = await response.AssertRefusedAsync(HttpStatusCode.BadRequest, "action_input_invalid", "/headers/" + name);
        Assert.Contains($"'{name}'", problem.GetProperty("detail").GetString());
        Assert.Empty(Wire.RequestsWith(marker));
    }

    [Fact]
    public async Task Allowed_headers_arrive_once_exactly_as_set()
    {
        var app = await Server.InstallAsync();
        var marker = Marker();

        var result = await Server.CallOkAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/t/{marker}"),
            headers = new Dictionary<string, string> { ["X-Note"] = "a b\tc ~!#", ["Authorization"] = "Bearer upstream-key" },
        });

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        var arrived = Assert.Single(Wire.RequestsWith(marker));
        Assert.Equal("a b\tc ~!#", Assert.Single(arrived.All("X-Note")));
        Assert.Equal("Bearer upstream-key", Assert.Single(arrived.All("Authorization")));
        Assert.Equal($"{ActionKit.EgressHost}:{Wire.Port}", Assert.Single(arrived.All("Host")));
    }

    [Fact]
    public async Task Credentials_are_dropped_on_a_redirect_to_another_host()
    {
        var app = await Server.InstallAsync(egress: [ActionKit.EgressHost, "other.localhost"]);
        var marker = Marker();
        var next = WireUrl($"/t/{marker}/next", host: "other.localhost");

        await Server.CallOkAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/status/302/{marker}?location={Uri.EscapeDataString(next)}"),
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret", ["Cookie"] = "s=1", ["X-Note"] = "kept" },
        });

        var (first, second) = Two(Wire.RequestsWith(marker));
        Assert.Equal("Bearer secret", first.Header("Authorization"));
        Assert.Equal($"other.localhost:{Wire.Port}", second.Header("Host"));
        Assert.Empty(second.All("Authorization"));
        Assert.Empty(second.All("Cookie"));
        Assert.Equal("kept", second.Header("X-Note"));
    }

    [Fact]
    public async Task Credentials_are_dropped_on_a_redirect_to_another_port_of_the_same_host()
    {
        var app = await Server.InstallAsync();
        var marker = Marker();
        var next = WireUrl($"/t/{marker}/next");
        var start = $"http://{ActionKit.EgressHost}:{fixture.Outside.Port}/redirect?to={Uri.EscapeDataString(next)}";

        await Server.CallOkAsync(app.Token, "http.fetch", new
        {
            url = start, headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret", ["Cookie"] = "s=1" },
        });

        var arrived = Assert.Single(Wire.RequestsWith(marker));
        Assert.Empty(arrived.All("Authorization"));
        Assert.Empty(arrived.All("Cookie"));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task A_post_redirected_with_301_302_or_303_is_delivered_once_and_followed_with_a_bodiless_get(int status)
    {
        var app = await Server.InstallAsync();
        var marker = Marker();

        var result = await Server.CallOkAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/status/{status}/{marker}?location={Uri.EscapeDataString($"/t/{marker}/after")}"), method = "POST",
            body = "{\"order\":1}", headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["X-Note"] = "kept" },
        });

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        var (post, get) = Two(Wire.RequestsWith(marker));
        Assert.Equal("POST", post.Method);
        Assert.Equal("{\"order\":1}", post.Body);
        Assert.Equal("GET", get.Method);
        Assert.Equal($"/t/{marker}/after", get.Target);
        Assert.Equal("", get.Body);
        Assert.Empty(get.All("Content-Type"));
        Assert.Empty(get.All("Content-Length"));
        Assert.Equal("kept", get.Header("X-Note"));
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_post_redirected_with_307_or_308_keeps_its_method_body_and_content_headers(int status)
    {
        var app = await Server.InstallAsync();
        var marker = Marker();

        await Server.CallOkAsync(app.Token, "http.fetch", new
        {
            url = WireUrl($"/status/{status}/{marker}?location={Uri.EscapeDataString($"/t/{marker}/after")}"), method = "POST",
            body = "{\"order\":1}", headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });

        var (first, second) = Two(Wire.RequestsWith(marker));
        foreach (var request in new[] { first, second })
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("{\"order\":1}", request.Body);
            Assert.Equal("application/json", request.Header("Content-Type"));
        }
        Assert.Equal($"/t/{marker}/after", second.Target);
    }

    private static (WireRequest First, WireRequest Second) Two(List<WireRequest> requests)
    {
        Assert.True(requests.Count == 2, $"expected 2 requests on the wire, got {requests.Count}: {string.Join(" | ", requests.Select(r => r.Method + " " + r.Target))}");
        return (requests[0], requests[1]);
    }
}
