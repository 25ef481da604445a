using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Sdk;

/// <summary>
/// tests/Runner.Tests/Handlers/AssemblyScript/handler.ts, written with sdk/assemblyscript and built
/// by the SDK's own asc at test time, run through the Runner. Action calls go to
/// <see cref="ActionInvokerTestDouble"/>.
/// </summary>
public sealed class AssemblyScriptHandlerTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly ActionInvokerTestDouble _actions = new();
    private readonly LocalRunner _runner;
    private readonly ModuleReference _handler;

    public AssemblyScriptHandlerTests()
    {
        _runner = new LocalRunner(_source, _actions);
        _handler = _source.Add(HandlerCompilers.AssemblyScript("AssemblyScript/handler.ts"));
    }

    [Fact]
    public async Task Router_matches_params_and_the_handler_reads_config()
    {
        var response = await _runner.ExecuteAsync(Requests.Get(_handler, "/hello/Ada%20L") with
        {
            Config = JsonDocument.Parse("""{"greeting":"bonjour"}""").RootElement,
        });
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(200, response.Status);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["content-type"]);
        Assert.Equal("bonjour Ada L", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Request_fields_reach_the_handler()
    {
        var response = await _runner.ExecuteAsync(Requests.Get(_handler, "/echo/7") with
        {
            Query = "x=1&q=caf%C3%A9+au+lait",
            Headers = new Dictionary<string, string> { ["X-Test"] = "yes \"quoted\"" },
            User = JsonDocument.Parse("""{"id":"u-42"}""").RootElement,
            Installation = new InstallationInfo("inst-1", "acme-corp", "vacation-trip", "1.2.0"),
        });
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal("assemblyscript", response.Headers["x-handler"]);
        using var echo = JsonDocument.Parse(response.Body);
        var root = echo.RootElement;
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/echo/7", root.GetProperty("path").GetString());
        Assert.Equal("café au lait", root.GetProperty("q").GetString());
        Assert.Equal("yes \"quoted\"", root.GetProperty("xTest").GetString());
        Assert.Equal("u-42", root.GetProperty("user").GetString());
        Assert.Equal("acme-corp", root.GetProperty("tenant").GetString());
        Assert.Equal("7", root.GetProperty("params").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Action_call_and_log_from_AssemblyScript()
    {
        var trip = """{"name":"Lisbon","days":4,"nested":{"ok":true,"list":[1,2.5,"x"]}}""";
        var response = await _runner.ExecuteAsync(Requests.Get(_handler, "/trips") with { Method = "POST", Body = Encoding.UTF8.GetBytes(trip) });

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(201, response.Status);
        Assert.Equal("""{"stored":"trip:Lisbon"}""", Encoding.UTF8.GetString(response.Body));
        var call = Assert.Single(_actions.Calls);
        Assert.Equal("storage.put", call.Name);
        Assert.Equal("token-for-this-request", call.Token);
        using var input = JsonDocument.Parse(call.InputJson);
        Assert.Equal("trip:Lisbon", input.RootElement.GetProperty("key").GetString());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(trip).RootElement, input.RootElement.GetProperty("value")));
        Assert.Equal([new GuestLogEntry(GuestLogLevel.Info, "saved trip Lisbon")], response.Logs);
    }

    [Fact]
    public async Task Invalid_json_body_is_answered_by_the_handler()
    {
        var response = await _runner.ExecuteAsync(Requests.Get(_handler, "/trips") with { Method = "POST", Body = "{\"name\":"u8.ToArray() });
        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(400, response.Status);
        Assert.Empty(_actions.Calls);
    }

    [Fact]
    public async Task Unknown_route_and_wrong_method_get_404_and_405()
    {
        Assert.Equal(404, (await _runner.ExecuteAsync(Requests.Get(_handler, "/nope"))).Status);
        Assert.Equal(405, (await _runner.ExecuteAsync(Requests.Get(_handler, "/trips"))).Status);
    }

    [Fact]
    public async Task Throw_in_AssemblyScript_is_a_trap_with_the_message_in_the_logs()
    {
        var response = await _runner.ExecuteAsync(Requests.Get(_handler, "/boom"));
        Assert.Equal(RunnerCodes.HandlerTrap, response.Code);
        Assert.Contains("boom in /boom", response.Message);
        Assert.Contains(response.Logs, l => l.Level == GuestLogLevel.Error && l.Message.Contains("boom in /boom"));
    }
}
