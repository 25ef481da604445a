using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Execution;

/// <summary>Bad execute requests and limits are refused before any module is fetched.</summary>
public sealed class RequestValidationTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly LocalRunner _runner;
    private readonly ModuleReference _module;

    public RequestValidationTests()
    {
        _runner = new LocalRunner(_source, new ActionInvokerTestDouble());
        _module = _source.Add(WatHandler.Build("(call $respond)"));
    }

    public static TheoryData<string, Func<ExecuteRequest, ExecuteRequest>, string> BadRequests => new()
    {
        { "lower-case method", r => r with { Method = "get" }, RunnerCodes.RequestInvalid },
        { "empty method", r => r with { Method = "" }, RunnerCodes.RequestInvalid },
        { "relative path", r => r with { Path = "trips" }, RunnerCodes.RequestInvalid },
        { "control character in path", r => r with { Path = "/a\nb" }, RunnerCodes.RequestInvalid },
        { "config not an object", r => r with { Config = JsonDocument.Parse("[1]").RootElement }, RunnerCodes.RequestInvalid },
        { "user not an object", r => r with { User = JsonDocument.Parse("\"u-1\"").RootElement }, RunnerCodes.RequestInvalid },
        { "zero timeout", r => r with { Limits = new HandlerLimits { TimeoutMilliseconds = 0 } }, RunnerCodes.LimitsInvalid },
        { "timeout over the maximum", r => r with { Limits = new HandlerLimits { TimeoutMilliseconds = 3_600_000 } }, RunnerCodes.LimitsInvalid },
        { "memory over the maximum", r => r with { Limits = new HandlerLimits { MemoryBytes = 8L << 30 } }, RunnerCodes.LimitsInvalid },
        { "negative fuel", r => r with { Limits = new HandlerLimits { Fuel = -1 } }, RunnerCodes.LimitsInvalid },
        { "body over the request limit", r => r with { Body = new byte[101], Limits = new HandlerLimits { MaxRequestBytes = 100 } }, RunnerCodes.RequestTooLarge },
        { "headers over the request limit", r => r with { Headers = new Dictionary<string, string> { ["x"] = new('a', 70_000) }, Limits = new HandlerLimits { MaxRequestBytes = 100 } }, RunnerCodes.RequestTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_are_refused_with_a_code(string what, Func<ExecuteRequest, ExecuteRequest> spoil, string code)
    {
        var response = await _runner.ExecuteAsync(spoil(Requests.Get(_module)));
        Assert.True(code == response.Code, $"{what}: expected {code}, got {response.Code}: {response.Message}");
        Assert.Equal(0, _runner.Modules.Statistics.Loads);
    }

    [Fact]
    public async Task Request_at_exactly_the_limit_runs()
    {
        var response = await _runner.ExecuteAsync(Requests.Get(_module) with { Body = Encoding.UTF8.GetBytes(new string('a', 100)), Limits = new HandlerLimits { MaxRequestBytes = 100 } });
        Assert.Null(response.Code);
    }
}
