using System.Text.Json;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Grains.Tests.Execution;

/// <summary>The Runner's request and response survive their wire form field for field.</summary>
public sealed class ExecutionMessagesTests
{
    [Fact]
    public void A_request_keeps_every_field_and_carries_a_token_minted_from_its_factory()
    {
        var request = new ExecuteRequest
        {
            Module = new ModuleReference("sha256:ab", "tenant-scope"),
            Method = "POST", Path = "/trips/42", Query = "a=1",
            RouteParameters = new Dictionary<string, string> { ["id"] = "42" },
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            Body = [1, 2, 3],
            Config = JsonElement.Parse("""{"currency":"EUR"}"""),
            User = JsonElement.Parse("""{"id":"u-1"}"""),
            Installation = new InstallationInfo("i", "acme", "trips", "1.0.0"),
            ActionTokenFactory = () => "minted",
            Limits = new HandlerLimits { TimeoutMilliseconds = 1, Fuel = 2, MemoryBytes = 3, MaxRequestBytes = 4, MaxResponseBytes = 5 },
            Action = "trip.book", RequestId = "req",
        };

        var back = ExecutionMessages.ToRequest(ExecutionMessages.ToMessage(request));

        Assert.Equal(request.Module, back.Module);
        Assert.Equal((request.Method, request.Path, request.Query, request.Action, request.RequestId), (back.Method, back.Path, back.Query, back.Action, back.RequestId));
        Assert.Equal(request.RouteParameters, back.RouteParameters);
        Assert.Equal(request.Headers, back.Headers);
        Assert.Equal(request.Body, back.Body);
        Assert.Equal(request.Config!.Value.GetRawText(), back.Config!.Value.GetRawText());
        Assert.Equal(request.User!.Value.GetRawText(), back.User!.Value.GetRawText());
        Assert.Equal(request.Installation, back.Installation);
        Assert.Equal(request.Limits, back.Limits);
        Assert.Equal("minted", back.ActionToken);
    }

    [Fact]
    public void A_response_keeps_its_answer_logs_and_statistics_and_names_the_silo()
    {
        var response = new ExecuteResponse
        {
            Code = RunnerCodes.HandlerTrap, Message = "trapped", Status = 502,
            Headers = new Dictionary<string, string> { ["x"] = "y" }, Body = [9],
            Logs = [new GuestLogEntry(GuestLogLevel.Warn, "careful")],
            Statistics = new ExecutionStatistics { CompiledModule = true, FuelConsumed = 7, ActionCalls = 2, ElapsedMilliseconds = 1.5 },
        };

        var back = ExecutionMessages.ToResponse(ExecutionMessages.ToMessage(response, "silo-a"));

        Assert.Equal((response.Code, response.Message, response.Status), (back.Code, back.Message, back.Status));
        Assert.Equal(response.Headers, back.Headers);
        Assert.Equal(response.Body, back.Body);
        Assert.Equal(response.Logs, back.Logs);
        Assert.Equal(response.Statistics with { Runner = "silo-a" }, back.Statistics);
    }
}
