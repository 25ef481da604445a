using System.Diagnostics.Metrics;

namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// Action API instruments on the meter <see cref="MeterName"/>: <c>actions.calls</c> (every dispatch,
/// tagged action and outcome), <c>actions.failures</c> (tagged action and code) and
/// <c>actions.duration</c> (milliseconds, tagged action). Unknown action names are tagged "unknown"
/// so callers cannot blow up the tag cardinality.
/// </summary>
public sealed class ActionMetrics : IDisposable
{
    public const string MeterName = "Selegic.Extensions.Actions";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;

    public ActionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("actions.calls", description: "Action API calls, by action and outcome");
        _failures = _meter.CreateCounter<long>("actions.failures", description: "Refused or failed Action API calls, by action and code");
        _duration = _meter.CreateHistogram<double>("actions.duration", unit: "ms", description: "Action API call duration, by action");
    }

    public void Record(string action, string? failureCode, TimeSpan elapsed)
    {
        var actionTag = new KeyValuePair<string, object?>("action", action);
        _calls.Add(1, actionTag, new KeyValuePair<string, object?>("outcome", failureCode is null ? "success" : "failure"));
        if (failureCode is not null)
            _failures.Add(1, actionTag, new KeyValuePair<string, object?>("code", failureCode));
        _duration.Record(elapsed.TotalMilliseconds, actionTag);
    }

    public void Dispose() => _meter.Dispose();
}
