using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Tests.Execution;

public sealed class ExecutionThreadsTests
{
    [Fact]
    public async Task Sequential_work_reuses_one_dedicated_thread()
    {
        var threads = new ExecutionThreads(maxThreads: 4, stackBytes: 1 << 20);
        var ids = new HashSet<int>();
        for (var i = 0; i < 20; i++)
            ids.Add(await threads.Run(() => Environment.CurrentManagedThreadId, CancellationToken.None));

        Assert.Single(ids);
        Assert.Equal(1, threads.Threads);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, ids);
    }

    private static readonly AsyncLocal<string?> Caller = new();

    [Fact]
    public async Task Work_runs_under_its_own_callers_context_not_that_of_the_caller_that_started_the_thread()
    {
        // Request-scoped async-locals (the trace, log scopes) ride on the execution context: a reused
        // thread must not hand the first request's to every later one.
        var threads = new ExecutionThreads(maxThreads: 1, stackBytes: 1 << 20);
        async Task<(string? Seen, int Thread)> RunAs(string? caller)
        {
            Caller.Value = caller;
            return await threads.Run(() => (Caller.Value, Environment.CurrentManagedThreadId), CancellationToken.None);
        }

        var first = await Task.Run(() => RunAs("tenant-a request"));
        var second = await Task.Run(() => RunAs("tenant-b request"));
        var third = await Task.Run(() => RunAs(null));

        Assert.Equal("tenant-a request", first.Seen);
        Assert.Equal("tenant-b request", second.Seen);
        Assert.Null(third.Seen);
        Assert.Equal(first.Thread, second.Thread); // the same dedicated thread served all three
        Assert.Equal(first.Thread, third.Thread);
    }

    [Fact]
    public async Task Work_beyond_the_maximum_waits_for_a_free_thread()
    {
        var threads = new ExecutionThreads(maxThreads: 1, stackBytes: 1 << 20);
        using var release = new ManualResetEventSlim();
        var blocking = threads.Run(() => release.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None);
        var queued = threads.Run(() => 42, CancellationToken.None);

        Assert.False(queued.IsCompleted);
        release.Set();
        Assert.True(await blocking);
        Assert.Equal(42, await queued);
        Assert.Equal(1, threads.Threads);
    }

    [Fact]
    public async Task Queued_work_cancelled_before_it_starts_does_not_run()
    {
        var threads = new ExecutionThreads(maxThreads: 1, stackBytes: 1 << 20);
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var blocking = threads.Run(() => release.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None);
        var queued = threads.Run(() => ran = true, cancel.Token);

        cancel.Cancel();
        release.Set();
        await blocking;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.False(ran);
    }

    [Fact]
    public async Task Exceptions_reach_the_caller_and_the_thread_survives()
    {
        var threads = new ExecutionThreads(maxThreads: 1, stackBytes: 1 << 20);
        await Assert.ThrowsAsync<InvalidOperationException>(() => threads.Run<int>(() => throw new InvalidOperationException("x"), CancellationToken.None));
        Assert.Equal(7, await threads.Run(() => 7, CancellationToken.None));
    }
}
