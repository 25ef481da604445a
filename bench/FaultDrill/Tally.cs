using System.Collections.Concurrent;
using System.Diagnostics;

namespace Selegic.Extensions.Bench.FaultDrill;

/// <summary>Requests of one kind: sent, succeeded, failed by code, and the longest time without a success.</summary>
public sealed class Tally(string kind, Stopwatch clock)
{
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly List<(double At, bool Ok)> _outcomes = [];
    private int _sent;

    public string Kind => kind;
    public int Sent => _sent;
    public int Succeeded { get { lock (_outcomes) return _outcomes.Count(o => o.Ok); } }
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public void Sending() => Interlocked.Increment(ref _sent);

    public void Record(double startedAt, string? failure)
    {
        lock (_outcomes) _outcomes.Add((startedAt, failure is null));
        if (failure is not null) _failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
    }

    /// <summary>The longest span (seconds) between two requests that succeeded, with failures only in between; and when it began.</summary>
    public (double Seconds, double From) LongestOutage()
    {
        List<(double At, bool Ok)> ordered;
        lock (_outcomes) ordered = _outcomes.OrderBy(o => o.At).ToList();
        var (longest, from) = (0.0, 0.0);
        double? lastOk = null;
        var failedSince = false;
        foreach (var (at, ok) in ordered)
        {
            if (!ok) { failedSince = true; continue; }
            if (lastOk is { } previous && failedSince && at - previous > longest) (longest, from) = (at - previous, previous);
            lastOk = at;
            failedSince = false;
        }
        if (failedSince && lastOk is { } last && clock.Elapsed.TotalSeconds - last > longest) (longest, from) = (clock.Elapsed.TotalSeconds - last, last);
        return (longest, from);
    }
}
