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
