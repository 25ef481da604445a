using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Execution;

/// <summary>
/// Where an execution runs: short handlers that cannot block run on the caller's thread; handlers
/// that may wait for an action, or turned out slow, never hold a thread-pool thread.
/// </summary>
public sealed class ExecutionPlacementTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly ActionInvokerTestDouble _actions = new();

    private LocalRunner Runner(LocalRunnerOptions? options = null) => new(_source, _actions, options: options);

    [Fact]
    public async Task A_short_handler_without_the_action_import_runs_on_the_callers_thread()
    {
        var runner = Runner(new LocalRunnerOptions { InlineThreshold = TimeSpan.FromSeconds(1) }); // a loaded machine must not make "short" flaky
        var module = _source.Add(WatHandler.Build("(call $respond)", importsActions: false));
        for (var i = 0; i < 5; i++)
            Assert.Equal(200, (await runner.ExecuteAsync(Requests.Get(module))).Status);
        Assert.Equal((5L, 0L), runner.Placements);
    }

    [Fact]
    public async Task A_handler_that_can_call_actions_always_gets_a_dedicated_thread()
    {
        var runner = Runner();
        var module = _source.Add(WatHandler.Build("(call $respond)"));
        for (var i = 0; i < 3; i++)
            Assert.Equal(200, (await runner.ExecuteAsync(Requests.Get(module))).Status);
        Assert.Equal((0L, 3L), runner.Placements);
    }

    [Fact]
    public async Task A_handler_that_ran_long_moves_to_dedicated_threads()
    {
        var runner = Runner();
        var spinner = _source.Add(WatHandler.Build("(loop $spin (br $spin)) (call $respond)", importsActions: false));
        var shortDeadline = new HandlerLimits { TimeoutMilliseconds = 50 };
        // The first run also faults in the module's code, so it cannot condemn it alone; the second one can.
        for (var run = 1; run <= 2; run++)
        {
            Assert.Equal(RunnerCodes.HandlerTimeout, (await runner.ExecuteAsync(Requests.Get(spinner, limits: shortDeadline))).Code);
            Assert.Equal(((long)run, 0L), runner.Placements);
        }
        Assert.Equal(RunnerCodes.HandlerTimeout, (await runner.ExecuteAsync(Requests.Get(spinner, limits: shortDeadline))).Code);
        Assert.Equal((2L, 1L), runner.Placements);
    }

    [Fact]
    public async Task Inline_execution_can_be_turned_off()
    {
        var runner = Runner(new LocalRunnerOptions { MaxInlineExecutions = 0 });
        var module = _source.Add(WatHandler.Build("(call $respond)", importsActions: false));
        Assert.Equal(200, (await runner.ExecuteAsync(Requests.Get(module))).Status);
        Assert.Equal((0L, 1L), runner.Placements);
    }

    [Fact]
    public async Task Concurrent_callers_beyond_the_inline_limit_are_still_served()
    {
        var runner = Runner(new LocalRunnerOptions { MaxInlineExecutions = 1 });
        var module = _source.Add(WatHandler.Build("(call $respond)", importsActions: false));
        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => runner.ExecuteAsync(Requests.Get(module)))));
        Assert.All(responses, r => Assert.Equal(200, r.Status));
        var (inline, dedicated) = runner.Placements;
        Assert.Equal(64, inline + dedicated);
        Assert.True(inline >= 1);
    }
}
