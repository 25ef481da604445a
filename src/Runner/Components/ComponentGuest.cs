using System.Text;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Components;

/// <summary>
/// The host side of wasm-js@1 for one execution: its action calls (through the same
/// <see cref="GuestActions"/> as wasm@1) and log lines. Component host functions get no caller or
/// store, so the execution running on a thread is found through <see cref="Current"/>: an
/// execution runs synchronously on one thread, and its host functions are called on that thread.
/// </summary>
internal sealed class ComponentGuest(ExecuteRequest request, EffectiveLimits limits, IActionInvoker invoker, DateTime deadlineUtc, CancellationToken cancellationToken)
{
    [ThreadStatic] private static ComponentGuest? _current;

    private readonly GuestActions _actions = new(request, limits, invoker, deadlineUtc, cancellationToken);

    public GuestLogBuffer Logs { get; } = new();

    public int ActionCalls => _actions.Calls;

    /// <summary>The guest logged that it ran out of memory (<see cref="ComponentAbi.OutOfMemoryLogPrefix"/>).</summary>
    public bool ReportedOutOfMemory { get; private set; }

    /// <summary>The first exception a host function threw, kept because it crosses the component boundary only as text.</summary>
    public Exception? HostFailure { get; private set; }

    public static ComponentGuest Current =>
        _current ?? throw GuestMemoryAccess.AbiError("a wasm-js@1 host function was called outside a handler execution");

    /// <summary>Makes this the thread's execution until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = _current;
        _current = this;
        return new Scope(previous);
    }

    public ActionResult CallAction(string name, string input) =>
        Remember(() => _actions.Call(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(input)));

    public void Log(GuestLogLevel level, string message)
    {
        if (level == GuestLogLevel.Error && message.StartsWith(ComponentAbi.OutOfMemoryLogPrefix, StringComparison.Ordinal))
            ReportedOutOfMemory = true;
        Logs.Add(level, message);
    }

    private T Remember<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e)
        {
            HostFailure ??= e;
            throw;
        }
    }

    public readonly struct Scope(ComponentGuest? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
