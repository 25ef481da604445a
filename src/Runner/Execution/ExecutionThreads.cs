namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// Dedicated threads for handler executions, created on demand up to a maximum and then reused.
/// Work beyond the maximum waits in a queue. A handler's host calls may block its thread (on an
/// action call's task); these threads are not the .NET thread pool, so that blocking never starves
/// the pool the action calls themselves run on. Creating a thread per request would cost more
/// than running a small handler.
/// </summary>
internal sealed class ExecutionThreads(int maxThreads, int stackBytes)
{
    private readonly object _gate = new();
    // Each item runs the work and returns how to complete the caller's task; the worker completes
    // it only after registering itself as idle, so a caller that immediately sends the next piece
    // of work finds this thread free instead of starting another one.
    private readonly Queue<Func<Action>> _queue = new();
    private int _threads, _idle;

    public int Threads { get { lock (_gate) return _threads; } }

    /// <summary>
    /// Runs <paramref name="work"/> on one of the threads, under the caller's execution context (its
    /// trace, log scopes and other async-locals, never those of an earlier caller of the same thread);
    /// a caller cancelling before it starts skips it.
    /// </summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var callerContext = ExecutionContext.Capture();
        Enqueue(() =>
        {
            if (cancellationToken.IsCancellationRequested) return () => done.TrySetCanceled(cancellationToken);
            try
            {
                var result = default(T)!;
                if (callerContext is null) result = work();
                else ExecutionContext.Run(callerContext, _ => result = work(), null);
                return () => done.TrySetResult(result);
            }
            catch (Exception e)
            {
                return () => done.TrySetException(e);
            }
        });
        return done.Task;
    }

    private void Enqueue(Func<Action> item)
    {
        lock (_gate)
        {
            _queue.Enqueue(item);
            if (_idle > 0)
            {
                _idle--; // claimed: the woken thread does not count as idle any more
                Monitor.Pulse(_gate);
            }
            else if (_threads < maxThreads)
            {
                _threads++;
                // The thread outlives this caller: it must not keep the caller's context for later work.
                using (ExecutionContext.SuppressFlow())
                    new Thread(Work, stackBytes) { IsBackground = true, Name = $"scrm-handler-{_threads}" }.Start();
            }
        }
    }

    private void Work()
    {
        Action? complete = null;
        while (true)
        {
            Func<Action> item;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    _idle++;
                    Complete(ref complete); // continuations run on the thread pool (RunContinuationsAsynchronously), not under this lock
                    Monitor.Wait(_gate);
                }
                Complete(ref complete);
                item = _queue.Dequeue();
            }
            complete = item(); // never throws: Run catches the work's exceptions
        }
    }

    private static void Complete(ref Action? complete)
    {
        complete?.Invoke();
        complete = null;
    }
}
