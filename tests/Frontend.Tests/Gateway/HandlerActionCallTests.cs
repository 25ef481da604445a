using System.Text;
using System.Text.Json;
using Selegic.Extensions.Frontend.Tests.Actions;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// Action calls a clang-built handler makes through the gateway (its /call route answers the result
/// document it received), on PostgreSQL, with http.fetch reaching the <see cref="WireRecordingServer"/>
/// through the TEST-ONLY loopback allowance.
/// </summary>
public sealed class HandlerActionCallTests(PostgresActionServer fixture) : IClassFixture<PostgresActionServer>
{
    private RunningServer Server => fixture.Server;
    private WireRecordingServer Wire => fixture.Wire;

    private static readonly string[] ExceptionText = ["UTF-16", "UTF-8 JSON text", "Exception", "transcode", " at "];

    [Fact]
    public async Task A_lone_surrogate_in_a_handlers_action_input_is_action_input_invalid_and_no_exception_text_reaches_it()
    {
        var installed = await Server.InstallHandlerAsync();

        var result = await CallAsync(installed, "/call?storage.put", """{"key":"k","value":"\ud800"}""");

        AssertInputInvalid(result, "not Unicode text");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_handlers_action_input_is_action_input_invalid()
    {
        var installed = await Server.InstallHandlerAsync();

        var result = await CallAsync(installed, "/call-invalid-utf8", "");

        AssertInputInvalid(result, "not valid UTF-8");
        var stored = await CallAsync(installed, "/call?storage.get", """{"key":"k"}""");
        Assert.False(stored.GetProperty("output").GetProperty("found").GetBoolean(), stored.GetRawText());
    }

    [Fact]
    public async Task Fetches_of_different_requests_and_tenants_carry_no_platform_trace_context()
    {
        var first = await Server.InstallHandlerAsync(grants: ["cap:storage.kv", "cap:http.fetch"]);
        var second = await Server.InstallHandlerAsync(grants: ["cap:storage.kv", "cap:http.fetch"]);
        var marker = Guid.NewGuid().ToString("N");
        var callerTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        foreach (var (installed, request) in new[] { (first, 1), (first, 2), (second, 3), (second, 4) })
        {
            var result = await CallAsync(installed, "/call?http.fetch",
                JsonSerializer.Serialize(new { url = $"http://{ActionKit.EgressHost}:{Wire.Port}/t/{marker}/{request}" }),
                request == 4 ? callerTrace : null);
            Assert.True(result.GetProperty("ok").GetBoolean(), result.GetRawText());
        }

        var arrived = Wire.RequestsWith(marker);
        Assert.Equal(4, arrived.Count);
        Assert.All(arrived, request =>
        {
            Assert.Empty(request.All("traceparent"));
            Assert.Empty(request.All("tracestate"));
        });
    }

    [Fact]
    public async Task A_traceparent_the_extension_sets_itself_is_sent_as_set()
    {
        var installed = await Server.InstallHandlerAsync(grants: ["cap:storage.kv", "cap:http.fetch"]);
        var marker = Guid.NewGuid().ToString("N");
        var own = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        await CallAsync(installed, "/call?http.fetch", JsonSerializer.Serialize(new
        {
            url = $"http://{ActionKit.EgressHost}:{Wire.Port}/t/{marker}", headers = new { traceparent = own },
        }));

        Assert.Equal(own, Assert.Single(Assert.Single(Wire.RequestsWith(marker)).All("traceparent")));
    }

    private async Task<JsonElement> CallAsync(InstalledHandler installed, string route, string body, string? traceparent = null)
    {
        using var client = Server.WithKey(installed.TenantKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, installed.Route(route))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (traceparent is not null)
            request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        using var response = await client.SendAsync(request);
        return await response.JsonAsync();
    }

    private static void AssertInputInvalid(JsonElement result, string expected)
    {
        Assert.False(result.GetProperty("ok").GetBoolean(), result.GetRawText());
        Assert.Equal(400, result.GetProperty("status").GetInt32());
        Assert.Equal("action_input_invalid", result.GetProperty("code").GetString());
        var message = result.GetProperty("message").GetString()!;
        Assert.Contains(expected, message);
        Assert.All(ExceptionText, text => Assert.DoesNotContain(text, message));
    }
}
