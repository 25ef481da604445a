using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>Calls through /api/ext/{extension}/{**path} to a clang-built handler, over real HTTP, on PostgreSQL.</summary>
public sealed class GatewayRouteTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Declared_route_runs_the_handler_with_params_query_body_config_user_and_installation()
    {
        var installed = await Server.InstallHandlerAsync(config: new { greeting = "hello" });
        using var client = Server.WithKey(installed.TenantKey);

        using var response = await client.GetAsync(installed.Route("/items/42?sort=asc&q=a%20b"));
        var echo = await response.JsonAsync();

        Assert.Equal("GET", echo.GetProperty("method").GetString());
        Assert.Equal("/items/42", echo.GetProperty("path").GetString());
        Assert.Equal("sort=asc&q=a%20b", echo.GetProperty("query").GetString());
        Assert.Equal("42", echo.GetProperty("params").GetProperty("id").GetString());
        Assert.Equal("hello", echo.GetProperty("config").GetProperty("greeting").GetString());
        Assert.StartsWith("tenant-key:", echo.GetProperty("user").GetProperty("id").GetString());
        var installation = echo.GetProperty("installation");
        Assert.Equal(installed.InstallationId.ToString(), installation.GetProperty("id").GetString());
        Assert.Equal(installed.Tenant, installation.GetProperty("tenant").GetString());
        Assert.Equal("1.0.0", installation.GetProperty("version").GetString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Post_body_reaches_the_handler()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(installed.Route("/echo"), new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"));
        var echo = await response.JsonAsync();
        Assert.Equal("{\"a\":1}", echo.GetProperty("body").GetString());
        Assert.Equal("POST", echo.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Extension_token_is_a_caller_and_names_the_user()
    {
        var installed = await Server.InstallHandlerAsync();
        var token = await Server.MintTokenAsync(installed, user: "u-99");
        using var client = Server.WithKey(token);
        using var response = await client.GetAsync(installed.Route("/items/7"));
        var echo = await response.JsonAsync();
        Assert.Equal("u-99", echo.GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Token_of_another_extension_is_refused()
    {
        var tenant = await Server.NewTenantAsync("gw");
        var first = await Server.InstallHandlerAsync(tenant: tenant);
        var second = await Server.InstallHandlerAsync(tenant: tenant);
        using var client = Server.WithKey(await Server.MintTokenAsync(first));
        using var response = await client.GetAsync(second.Route("/noop"));
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "gateway_caller_not_allowed");
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/items")]
    [InlineData("GET", "/items/1/more")]
    [InlineData("DELETE", "/items/1")]
    [InlineData("PUT", "/echo")]
    [InlineData("GET", "/")]
    public async Task Undeclared_route_is_refused_without_running_the_handler(string method, string path)
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), installed.Route(path)));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "route_not_declared");
    }

    [Fact]
    public async Task Callers_without_a_tenant_key_or_valid_token_are_refused()
    {
        var installed = await Server.InstallHandlerAsync();
        using (var anonymous = Server.Anonymous())
        using (var response = await anonymous.GetAsync(installed.Route("/noop")))
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using (var forged = Server.WithKey("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"))
        using (var response = await forged.GetAsync(installed.Route("/noop")))
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_invalid");
        using (var admin = Server.AsPlatformAdmin())
        using (var response = await admin.GetAsync(installed.Route("/noop")))
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "gateway_caller_not_allowed");
    }

    [Fact]
    public async Task Disabled_installation_is_refused_until_enabled_again()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        await Server.SetEnabledAsync(installed, enabled: false);
        using (var response = await client.GetAsync(installed.Route("/noop")))
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "installation_disabled");

        await Server.SetEnabledAsync(installed, enabled: true);
        using (var response = await client.GetAsync(installed.Route("/noop")))
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_tenants_key_never_reaches_the_installation()
    {
        var owner = await Server.InstallHandlerAsync();
        var (_, otherKey) = await Server.NewTenantAsync("gw");
        using var other = Server.WithKey(otherKey);
        using var response = await other.GetAsync(owner.Route("/items/1"));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "extension_not_installed");
    }

    [Fact]
    public async Task Only_allow_listed_request_headers_reach_the_handler()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, installed.Route("/items/1"));
        request.Headers.Add("X-Ext-Trace", "abc");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("Cookie", "session=secret");
        request.Headers.Add("X-Forwarded-For", "10.0.0.1");
        request.Headers.Add("X-Internal", "nope");
        using var response = await client.SendAsync(request);
        var headers = (await response.JsonAsync()).GetProperty("headers");

        Assert.Equal("abc", headers.GetProperty("x-ext-trace").GetString());
        Assert.Equal("application/json", headers.GetProperty("accept").GetString());
        foreach (var refused in new[] { "authorization", "cookie", "x-forwarded-for", "x-internal", "host" })
            Assert.False(headers.TryGetProperty(refused, out _), $"{refused} was forwarded");
    }

    [Fact]
    public async Task Only_allow_listed_response_headers_come_back()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.GetAsync(installed.Route("/headers"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("t-1", response.Headers.GetValues("x-ext-trace").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        foreach (var dropped in new[] { "Set-Cookie", "Access-Control-Allow-Origin", "Content-Security-Policy" })
            Assert.False(response.Headers.Contains(dropped), $"{dropped} came back");
        Assert.DoesNotContain(response.Headers.Server, s => s.Product?.Name == "evil");
    }

    [Fact]
    public async Task Body_over_the_gateway_cap_is_413_before_the_handler_runs()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        using var response = await client.PostAsync(installed.Route("/echo"), new ByteArrayContent(new byte[GatewayServer.MaxRequestBytes + 1]));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task Each_call_is_audited_failures_one_by_one_and_successes_counted()
    {
        var installed = await Server.InstallHandlerAsync();
        using var client = Server.WithKey(installed.TenantKey);
        // Concurrent, so the three land within one flush interval or straddle two even on a loaded
        // machine; one after another, a slow first call (the compile) spread them over three.
        foreach (var response in await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetAsync(installed.Route("/noop")))))
            response.Dispose();
        for (var i = 0; i < 2; i++)
            using (await client.GetAsync(installed.Route("/trap"))) { }

        var records = await AuditAsync(client, installed.Tenant, r => Calls(r, "/trap") == 2 && Calls(r, "/noop") == 3);
        var failures = records.Where(r => Target(r) == $"{installed.Extension} GET /trap").ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, r =>
        {
            Assert.Equal("handler_trap", r.GetProperty("errorCode").GetString());
            Assert.Equal(1, Detail(r).GetProperty("calls").GetInt32());
            Assert.Equal(502, Detail(r).GetProperty("status").GetInt32());
        });
        // Successes of one flush interval share a record; the calls may straddle two intervals.
        var successes = records.Where(r => Target(r) == $"{installed.Extension} GET /noop").ToList();
        Assert.InRange(successes.Count, 1, 2);
        Assert.All(successes, r =>
        {
            Assert.Equal("success", r.GetProperty("outcome").GetString());
            Assert.Equal(200, Detail(r).GetProperty("status").GetInt32());
            Assert.True(Detail(r).GetProperty("msMax").GetDouble() >= Detail(r).GetProperty("ms").GetDouble());
        });

        int Calls(List<JsonElement> all, string path) =>
            all.Where(r => Target(r) == $"{installed.Extension} GET {path}").Sum(r => Detail(r).GetProperty("calls").GetInt32());
    }

    private static string? Target(JsonElement record) => record.GetProperty("target").GetString();

    /// <summary>The record's detail (a JSON document in a string).</summary>
    private static JsonElement Detail(JsonElement record) => JsonDocument.Parse(record.GetProperty("detail").GetString()!).RootElement;

    [Fact]
    public async Task Each_call_is_measured_by_extension_and_outcome()
    {
        var installed = await Server.InstallHandlerAsync();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Selegic.Extensions.Gateway" && instrument.Name == "gateway.calls")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags) map[tag.Key] = tag.Value;
            if (Equals(map["extension"], installed.Extension))
                outcomes.Add($"{map["kind"]}:{map["outcome"]}");
        });
        listener.Start();

        using var client = Server.WithKey(installed.TenantKey);
        using (await client.GetAsync(installed.Route("/noop"))) { }
        using (await client.GetAsync(installed.Route("/trap"))) { }

        Assert.Contains("route:success", outcomes);
        Assert.Contains("route:handler_trap", outcomes);
    }

    /// <summary>The audit queue is written in the background: poll until the records are there (bounded).</summary>
    private static async Task<List<JsonElement>> AuditAsync(HttpClient client, string tenant, Func<List<JsonElement>, bool> complete)
    {
        List<JsonElement> calls = [];
        for (var attempt = 0; attempt < 100 && !complete(calls); attempt++)
        {
            if (attempt > 0) await Task.Delay(50);
            using var response = await client.GetAsync(Api.TenantRoute(tenant, "/audit?limit=100"));
            var page = await response.JsonAsync();
            calls = page.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("action").GetString() == "extension.call").ToList();
        }
        return calls;
    }
}
