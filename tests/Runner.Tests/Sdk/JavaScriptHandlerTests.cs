using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Sdk;

/// <summary>
/// wasm-js@1: tests/Shared/Programs/JavaScript/handler.ts, written with sdk/js and built into a
/// WebAssembly component by componentize-js at test time, run through the Runner's component engine.
/// Hostile cases first: each must end in the same code and status as for a wasm@1 module.
/// </summary>
public sealed class JavaScriptHandlerTests(JavaScriptHandler handler) : IClassFixture<JavaScriptHandler>
{
    private Task<ExecuteResponse> RunAsync(ExecuteRequest request) => handler.Runner.ExecuteAsync(request);

    private ExecuteRequest Get(string path, HandlerLimits? limits = null) => Requests.Get(handler.Module, path, limits);

    [Fact]
    public async Task An_infinite_loop_ends_at_the_deadline_with_504_handler_timeout()
    {
        var response = await RunAsync(Get("/loop", new HandlerLimits { TimeoutMilliseconds = 300 }));
        Assert.Equal(RunnerCodes.HandlerTimeout, response.Code);
        Assert.Equal(504, response.Status);
    }

    [Fact]
    public async Task A_memory_bomb_traps_at_the_memory_cap_with_507_handler_memory_limit()
    {
        var response = await RunAsync(Get("/bomb", new HandlerLimits { MemoryBytes = 64 * 1024 * 1024 }));
        Assert.Equal(RunnerCodes.HandlerMemoryLimit, response.Code);
        Assert.Equal(507, response.Status);
        Assert.Contains(response.Logs, l => l.Level == GuestLogLevel.Error && l.Message.StartsWith("out of memory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throw_traps_with_502_handler_trap_and_the_error_is_logged()
    {
        var response = await RunAsync(Get("/throw"));
        Assert.Equal(RunnerCodes.HandlerTrap, response.Code);
        Assert.Equal(502, response.Status);
        Assert.Contains(response.Logs, l => l.Level == GuestLogLevel.Error && l.Message.Contains("boom from typescript", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_action_call_that_outlasts_the_deadline_ends_with_504_handler_timeout()
    {
        // The host function's exception crosses the component boundary as text only: the execution keeps it.
        var runner = new LocalRunner(handler.Cache(), new NeverAnsweringInvoker());
        var response = await runner.ExecuteAsync(Get("/store/k", new HandlerLimits { TimeoutMilliseconds = 500 }));
        Assert.Equal(RunnerCodes.HandlerTimeout, response.Code);
        Assert.Equal(504, response.Status);
        Assert.Contains("storage.put", response.Message);
    }

    [Fact]
    public async Task Running_out_of_fuel_is_507_handler_out_of_fuel()
    {
        var response = await RunAsync(Get("/loop", new HandlerLimits { Fuel = 50_000_000 }));
        Assert.Equal(RunnerCodes.HandlerOutOfFuel, response.Code);
        Assert.Equal(507, response.Status);
    }

    [Fact]
    public async Task A_response_header_that_is_not_a_token_is_a_handler_abi_error()
    {
        var response = await RunAsync(Get("/bad-header"));
        Assert.Equal(RunnerCodes.HandlerAbiError, response.Code);
        Assert.Equal(502, response.Status);
    }

    [Fact]
    public async Task A_memory_limit_below_what_the_component_needs_at_start_is_507()
    {
        var response = await RunAsync(Get("/hello/x", new HandlerLimits { MemoryBytes = 1024 * 1024 }));
        Assert.Equal(RunnerCodes.HandlerMemoryLimit, response.Code);
        Assert.Equal(507, response.Status);
    }

    [Fact]
    public async Task An_action_without_the_grant_is_refused_403_and_the_handler_gets_the_refusal()
    {
        var response = await RunAsync(Get("/denied"));
        Assert.True(response.Succeeded, response.Message);
        using var result = JsonDocument.Parse(response.Body);
        Assert.False(result.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(403, result.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("capability_not_granted", result.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_action_call_with_the_grant_goes_through_the_dispatcher_with_the_request_token()
    {
        var response = await RunAsync(Get("/store/k1") with { RequestId = "req-js-store" });
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(200, response.Status);
        using var result = JsonDocument.Parse(response.Body);
        Assert.True(result.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("k1", result.RootElement.GetProperty("output").GetProperty("stored").GetString());
        Assert.Equal(1, response.Statistics.ActionCalls);
        var call = Assert.Single(handler.Actions.Calls, c => c.RequestId == "req-js-store");
        Assert.Equal("storage.put", call.Name);
        Assert.Equal("token-for-this-request", call.Token);
        Assert.Equal("""{"key":"k1","value":"v"}""", call.InputJson);
    }

    [Fact]
    public async Task Log_lines_come_back_with_their_levels()
    {
        var response = await RunAsync(Get("/log"));
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(204, response.Status);
        Assert.Equal([new GuestLogEntry(GuestLogLevel.Info, "first line"), new GuestLogEntry(GuestLogLevel.Warn, "second line")], response.Logs);
    }

    [Fact]
    public async Task Router_matches_params_and_the_handler_reads_config()
    {
        var response = await RunAsync(Get("/hello/Ada%20L") with { Config = JsonDocument.Parse("""{"greeting":"bonjour"}""").RootElement });
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["content-type"]);
        Assert.Equal("bonjour Ada L", Encoding.UTF8.GetString(response.Body));
        Assert.Equal(404, (await RunAsync(Get("/nowhere"))).Status);
        Assert.Equal(405, (await RunAsync(Get("/echo/1"))).Status);
    }

    [Fact]
    public async Task Request_fields_reach_the_handler()
    {
        var response = await RunAsync(Get("/echo/7") with
        {
            Method = "POST",
            Query = "x=1&q=caf%C3%A9+au+lait",
            Headers = new Dictionary<string, string> { ["X-Test"] = "yes \"quoted\"" },
            Body = Encoding.UTF8.GetBytes("{\"n\":1}"),
            User = JsonDocument.Parse("""{"id":"u-42"}""").RootElement,
            Installation = new InstallationInfo("inst-1", "acme-corp", "vacation-trip", "1.2.0"),
            RouteParameters = new Dictionary<string, string> { ["gateway"] = "param" },
        });
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal("typescript", response.Headers["x-handler"]);
        using var echo = JsonDocument.Parse(response.Body);
        var root = echo.RootElement;
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/echo/7", root.GetProperty("path").GetString());
        Assert.Equal("café au lait", root.GetProperty("q").GetString());
        Assert.Equal("yes \"quoted\"", root.GetProperty("xTest").GetString());
        Assert.Equal("{\"n\":1}", root.GetProperty("body").GetString());
        Assert.Equal("u-42", root.GetProperty("user").GetString());
        Assert.Equal("acme-corp", root.GetProperty("installation").GetProperty("tenant").GetString());
        Assert.Equal("7", root.GetProperty("params").GetProperty("id").GetString());
        Assert.Equal("param", root.GetProperty("params").GetProperty("gateway").GetString());
        Assert.Equal("req-1", root.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Every_request_gets_a_fresh_instance_so_one_tenant_never_sees_another_tenants_state()
    {
        var first = await RunAsync(Get("/counter") with
        {
            Installation = new InstallationInfo("inst-a", "tenant-a", "x", "1.0.0"),
            Config = JsonDocument.Parse("""{"secret":"a-only"}""").RootElement,
        });
        var second = await RunAsync(Get("/counter") with { Installation = new InstallationInfo("inst-b", "tenant-b", "x", "1.0.0") });
        Assert.True(first.Succeeded && second.Succeeded, first.Message + second.Message);
        Assert.Equal("""{"seen":1,"tenant":"tenant-a","config":{"secret":"a-only"}}""", Encoding.UTF8.GetString(first.Body));
        Assert.Equal("""{"seen":1,"tenant":"tenant-b","config":null}""", Encoding.UTF8.GetString(second.Body));
    }
}

/// <summary>An action dispatcher that never answers (until cancelled).</summary>
internal sealed class NeverAnsweringInvoker : Selegic.Extensions.Runner.Actions.IActionInvoker
{
    public async Task<Selegic.Extensions.Runner.Actions.ActionResult> InvokeAsync(Selegic.Extensions.Runner.Actions.ActionCall call, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new OperationCanceledException(cancellationToken);
    }
}
