using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Sdk;

/// <summary>
/// tests/Runner.Tests/Handlers/C/handler.c, built against sdk/c/scrm.h by clang at test time,
/// both for wasm32-wasi (libc, reactor) and freestanding wasm32, run through the Runner.
/// Action calls go to <see cref="ActionInvokerTestDouble"/>.
/// </summary>
public sealed class CHeaderHandlerTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly ActionInvokerTestDouble _actions = new();
    private readonly LocalRunner _runner;

    public CHeaderHandlerTests() => _runner = new LocalRunner(_source, _actions);

    private ModuleReference Handler(bool wasi) => _source.Add(HandlerCompilers.C("C/handler.c", wasi));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Handler_sees_every_part_of_the_request(bool wasi)
    {
        var request = new ExecuteRequest
        {
            Module = Handler(wasi),
            Method = "POST",
            Path = "/echo/42",
            Query = "q=a%20b&x=1",
            RouteParameters = new Dictionary<string, string> { ["id"] = "42" },
            Headers = new Dictionary<string, string> { ["X-Test"] = "quote \" and ünïcødé", ["x-TEST"] = "second" },
            Body = Encoding.UTF8.GetBytes("line 1\nline \"2\"\t✓"),
            Config = JsonDocument.Parse("""{"greeting":"hi","n":[1,2]}""").RootElement,
            User = JsonDocument.Parse("""{"id":"u-42"}""").RootElement,
        };
        var response = await _runner.ExecuteAsync(request);

        Assert.Null(response.Code);
        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.Headers["content-type"]);
        using var echo = JsonDocument.Parse(response.Body);
        var root = echo.RootElement;
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/echo/42", root.GetProperty("path").GetString());
        Assert.Equal("q=a%20b&x=1", root.GetProperty("query").GetString());
        Assert.Equal("line 1\nline \"2\"\t✓", root.GetProperty("body").GetString());
        Assert.Equal("quote \" and ünïcødé, second", root.GetProperty("xTest").GetString()); // names differing in case are one header
        Assert.Equal("hi", root.GetProperty("config").GetProperty("greeting").GetString());
        Assert.Equal("u-42", root.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("42", root.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Action_call_carries_the_request_token_and_returns_the_output(bool wasi)
    {
        var request = Requests.Get(Handler(wasi), "/save") with { Method = "POST", Body = Encoding.UTF8.GetBytes("remember \"this\"") };
        var response = await _runner.ExecuteAsync(request);

        Assert.Null(response.Code);
        Assert.Equal(201, response.Status);
        Assert.Equal("""{"stored":"note"}""", Encoding.UTF8.GetString(response.Body));
        var call = Assert.Single(_actions.Calls);
        Assert.Equal("storage.put", call.Name);
        Assert.Equal("token-for-this-request", call.Token);
        Assert.Equal("req-1", call.RequestId);
        Assert.Equal("remember \"this\"", JsonDocument.Parse(call.InputJson).RootElement.GetProperty("value").GetString());
        Assert.Equal(1, response.Statistics.ActionCalls);
    }

    [Theory]
    [InlineData("denied.thing", "{}", 403, "capability_not_granted", 1)]
    [InlineData("no.such", "{}", 404, "action_not_found", 1)]
    [InlineData("Storage.Put", "{}", 400, "action_name_invalid", 0)]
    [InlineData("storage..put", "{}", 400, "action_name_invalid", 0)]
    [InlineData("storage.put", "{\"key\":", 400, "action_input_invalid", 0)]
    [InlineData("storage.put", "{} {}", 400, "action_input_invalid", 0)]
    public async Task Refused_action_calls_come_back_to_the_handler_with_status_and_code(string name, string input, int status, string code, int dispatched)
    {
        var request = Requests.Get(Handler(wasi: true), "/call") with { Method = "POST", Query = name, Body = Encoding.UTF8.GetBytes(input) };
        var response = await _runner.ExecuteAsync(request);

        Assert.Null(response.Code);
        using var result = JsonDocument.Parse(response.Body);
        Assert.False(result.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(status, result.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(code, result.RootElement.GetProperty("code").GetString());
        Assert.Equal(dispatched, _actions.Calls.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Log_lines_come_back_with_their_levels(bool wasi)
    {
        var response = await _runner.ExecuteAsync(Requests.Get(Handler(wasi), "/log"));
        Assert.Null(response.Code);
        Assert.Equal(204, response.Status);
        Assert.Equal([new GuestLogEntry(GuestLogLevel.Info, "hello from C"), new GuestLogEntry(GuestLogLevel.Error, "an error line")], response.Logs);
    }

    [Fact]
    public async Task Trap_in_C_is_reported_and_the_next_request_gets_a_fresh_instance()
    {
        var module = Handler(wasi: true);
        var trapped = await _runner.ExecuteAsync(Requests.Get(module, "/trap"));
        Assert.Equal(RunnerCodes.HandlerTrap, trapped.Code);

        var next = await _runner.ExecuteAsync(Requests.Get(module, "/nowhere"));
        Assert.Null(next.Code);
        Assert.Equal(404, next.Status);
        Assert.False(next.Statistics.CompiledModule);
    }

    [Fact]
    public async Task WASI_stdout_and_stderr_become_info_and_error_log_lines()
    {
        var response = await _runner.ExecuteAsync(Requests.Get(Handler(wasi: true), "/printf"));
        Assert.Null(response.Code);
        Assert.Equal([new GuestLogEntry(GuestLogLevel.Info, "printed 42"), new GuestLogEntry(GuestLogLevel.Error, "to stderr")], response.Logs);
    }
}
