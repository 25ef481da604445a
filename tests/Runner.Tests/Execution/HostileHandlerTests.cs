using System.Text;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Execution;

/// <summary>
/// Handlers that break limits or the ABI: each ends in its own code, never a host exception. Every
/// case is a fresh module, so with a baseline engine its one call runs the baseline compiler's code.
/// </summary>
public abstract class HostileHandlerTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly ActionInvokerTestDouble _actions = new();
    private readonly LocalRunner _runner;

    protected HostileHandlerTests(SandboxEngine? baseline) =>
        _runner = new LocalRunner(_source, _actions, new ModuleCacheOptions { BaselineEngine = baseline });

    private Task<ExecuteResponse> Run(byte[] wasm, HandlerLimits? limits = null) =>
        _runner.ExecuteAsync(Requests.Get(_source.Add(wasm), limits: limits));

    [Fact]
    public async Task Canned_response_comes_back_as_is()
    {
        var response = await Run(WatHandler.Build("(call $respond)"));
        Assert.Null(response.Code);
        Assert.Equal(200, response.Status);
        Assert.Equal("text/plain", response.Headers["content-type"]);
        Assert.Equal("ok", Encoding.UTF8.GetString(response.Body));
        Assert.True(response.Statistics.CompiledModule);
    }

    [Fact]
    public async Task Infinite_loop_times_out()
    {
        var response = await Run(WatHandler.Build("(loop $spin (br $spin)) (call $respond)"), new HandlerLimits { TimeoutMilliseconds = 200 });
        Assert.Equal(RunnerCodes.HandlerTimeout, response.Code);
        Assert.Equal(504, response.Status);
    }

    [Fact]
    public async Task Infinite_loop_under_a_fuel_budget_runs_out_of_fuel()
    {
        var response = await Run(WatHandler.Build("(loop $spin (br $spin)) (call $respond)"), new HandlerLimits { Fuel = 1_000_000 });
        Assert.Equal(RunnerCodes.HandlerOutOfFuel, response.Code);
        Assert.True(response.Statistics.FuelConsumed >= 1_000_000);
    }

    [Fact]
    public async Task Memory_bomb_is_named_as_the_memory_limit()
    {
        var bomb = "(loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable";
        var response = await Run(WatHandler.Build(bomb), new HandlerLimits { MemoryBytes = 4 * 1024 * 1024 });
        Assert.Equal(RunnerCodes.HandlerMemoryLimit, response.Code);
        Assert.Equal(507, response.Status);
    }

    [Fact]
    public async Task Module_needing_more_memory_than_the_limit_at_start_is_refused()
    {
        var response = await Run(WatHandler.Build("(call $respond)", memory: "2000"));
        Assert.Equal(RunnerCodes.HandlerMemoryLimit, response.Code);
    }

    [Fact]
    public async Task Runaway_recursion_ends_in_stack_overflow()
    {
        var response = await Run(WatHandler.Build("(call $down) (call $respond)", extra: "(func $down (call $down))"));
        Assert.Equal(RunnerCodes.HandlerStackOverflow, response.Code);
    }

    [Fact]
    public async Task Unreachable_is_a_trap()
    {
        var response = await Run(WatHandler.Build("unreachable"));
        Assert.Equal(RunnerCodes.HandlerTrap, response.Code);
        Assert.Contains("unreachable", response.Message);
        Assert.Equal(502, response.Status);
    }

    [Fact]
    public async Task Response_pointer_outside_memory_is_an_abi_error()
    {
        var response = await Run(WatHandler.Build("(i64.const 0x7fff000000000010)"));
        Assert.Equal(RunnerCodes.HandlerAbiError, response.Code);
        Assert.Contains("outside the guest's memory", response.Message);
    }

    [Fact]
    public async Task Response_length_far_beyond_the_limit_is_response_too_large()
    {
        var response = await Run(WatHandler.Build("(i64.const 0x00000000ffffffff)"));
        Assert.Equal(RunnerCodes.ResponseTooLarge, response.Code);
    }

    [Fact]
    public async Task Body_over_the_response_limit_is_response_too_large()
    {
        var big = $$"""{"status":200,"body":"{{new string('x', 1000)}}"}""";
        var response = await Run(WatHandler.Build("(call $respond)", response: big), new HandlerLimits { MaxResponseBytes = 999 });
        Assert.Equal(RunnerCodes.ResponseTooLarge, response.Code);
        Assert.Equal(507, response.Status);
    }

    [Theory]
    [InlineData("not json", "malformed JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"status":99}""", "status")]
    [InlineData("""{"status":"200"}""", "status")]
    [InlineData("""{"status":200,"headers":{"x-evil":"a\r\nset-cookie: b"}}""", "CR, LF")]
    [InlineData("""{"status":200,"headers":{"bad name":"v"}}""", "HTTP token")]
    [InlineData("""{"status":200,"headers":{"x":1}}""", "must be a string")]
    [InlineData("""{"status":200,"body":"a","bodyBase64":"YQ=="}""", "both")]
    [InlineData("""{"status":200,"bodyBase64":"***"}""", "base64")]
    public async Task Malformed_response_envelope_is_an_abi_error(string envelope, string expected)
    {
        var response = await Run(WatHandler.Build("(call $respond)", response: envelope));
        Assert.Equal(RunnerCodes.HandlerAbiError, response.Code);
        Assert.Contains(expected, response.Message);
    }

    [Fact]
    public async Task Binary_body_through_bodyBase64()
    {
        var response = await Run(WatHandler.Build("(call $respond)", response: """{"status":201,"bodyBase64":"AAEC/w=="}"""));
        Assert.Null(response.Code);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, response.Body);
    }

    [Theory]
    [InlineData("(call $log (i32.const 1) (i32.const -16) (i32.const 100))", "scrm.log message")]
    [InlineData("(call $log (i32.const 1) (i32.const 65530) (i32.const 100))", "outside the guest's memory")]
    [InlineData("(call $log (i32.const 9) (i32.const 0) (i32.const 1))", "level 9")]
    [InlineData("(drop (call $action (i32.const 0) (i32.const 5) (i32.const 65535) (i32.const 2)))", "scrm.action_call input")]
    [InlineData("(drop (call $action (i32.const -1) (i32.const 5) (i32.const 0) (i32.const 2)))", "scrm.action_call name")]
    public async Task Bad_pointers_and_arguments_in_host_calls_are_abi_errors(string call, string expected)
    {
        var response = await Run(WatHandler.Build($"{call} (call $respond)"));
        Assert.Equal(RunnerCodes.HandlerAbiError, response.Code);
        Assert.Contains(expected, response.Message);
        Assert.Empty(_actions.Calls);
    }

    [Fact]
    public async Task Allocator_returning_null_is_an_abi_error()
    {
        var wat = """
            (module
              (memory (export "memory") 1)
              (func (export "scrm_alloc") (param i32) (result i32) (i32.const 0))
              (func (export "scrm_handle") (param i32 i32) (result i64) (i64.const 0)))
            """;
        var response = await Run(HandlerCompilers.Wat(wat));
        Assert.Equal(RunnerCodes.HandlerAbiError, response.Code);
        Assert.Contains("scrm_alloc", response.Message);
    }

    [Fact]
    public async Task Action_that_never_answers_ends_in_timeout_and_is_cancelled()
    {
        // The name "test.hang" at address 0 (the response is not used), the input "{}" after it.
        var call = "(drop (call $action (i32.const 100) (i32.const 9) (i32.const 109) (i32.const 2))) (call $respond)";
        var extra = """(data (i32.const 100) "test.hang{}")""";
        var response = await Run(WatHandler.Build(call, extra: extra), new HandlerLimits { TimeoutMilliseconds = 1500 });
        Assert.Equal(RunnerCodes.HandlerTimeout, response.Code);
        Assert.Contains("test.hang", response.Message);
        Assert.Single(_actions.Calls);
    }

    [Fact]
    public async Task Caller_cancelling_ends_its_wait_and_cancels_the_pending_action_call()
    {
        var call = "(drop (call $action (i32.const 100) (i32.const 9) (i32.const 109) (i32.const 2))) (call $respond)";
        var extra = """(data (i32.const 100) "test.hang{}")""";
        var module = _source.Add(WatHandler.Build(call, extra: extra));
        using var cancel = new CancellationTokenSource();
        var running = _runner.ExecuteAsync(Requests.Get(module), cancel.Token);
        while (_actions.Calls.IsEmpty) await Task.Delay(10);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_hostile_handler_does_not_stop_the_runner_serving_others()
    {
        var loop = _source.Add(WatHandler.Build("(loop $spin (br $spin)) (call $respond)"));
        var good = _source.Add(WatHandler.Build("(call $respond)"));
        var runner = new LocalRunner(_source, _actions, options: new LocalRunnerOptions { MaxConcurrentExecutions = 2 });

        var spinning = runner.ExecuteAsync(Requests.Get(loop, limits: new HandlerLimits { TimeoutMilliseconds = 2000, Fuel = RunnerLimitPolicy.Platform.Maxima.Fuel }));
        var served = await runner.ExecuteAsync(Requests.Get(good));

        Assert.Null(served.Code);
        Assert.Equal(RunnerCodes.HandlerTimeout, (await spinning).Code);
    }
}

/// <summary>The hostile cases on optimized (Cranelift) code.</summary>
public sealed class OptimizedHostileHandlerTests() : HostileHandlerTests(baseline: null);

/// <summary>The same cases on the baseline (Winch) code a cold first call runs.</summary>
public sealed class BaselineHostileHandlerTests() : HostileHandlerTests(SandboxEngine.SharedBaseline);
