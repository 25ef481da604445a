using System.Diagnostics.Metrics;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Gateway instruments on the meter <see cref="MeterName"/>: <c>gateway.calls</c> (tagged kind
/// route|action, extension and outcome: "success" or the failure code), <c>gateway.duration</c>
/// (milliseconds, tagged kind and extension), <c>gateway.cold_starts</c> (calls that compiled the
/// module), <c>gateway.audit_dropped</c> (audit records lost because the queue was full) and
/// <c>gateway.handler_logs_dropped</c> (handler log lines not written to the installation log: queue
/// or per-installation cap full, or the store failed).
/// <c>gateway.requests</c> counts every answer of the gateway's endpoints (routes and extension actions),
/// refusals before the handler included, tagged kind, status and code ("ok" on success), and
/// <c>gateway.handler.duration</c> is the time the handler ran in the sandbox (milliseconds, tagged kind).
/// Extension tags come only from installed extensions, so callers cannot inflate cardinality.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Selegic.Extensions.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _coldStarts;
    private readonly Counter<long> _auditDropped;
    private readonly Counter<long> _handlerLogsDropped;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _handlerDuration;

    public GatewayMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("gateway.calls", description: "Extension route and action calls, by kind, extension and outcome");
        _duration = _meter.CreateHistogram<double>("gateway.duration", unit: "ms", description: "Extension call duration through the gateway");
        _coldStarts = _meter.CreateCounter<long>("gateway.cold_starts", description: "Calls that fetched, verified and compiled the module");
        _auditDropped = _meter.CreateCounter<long>("gateway.audit_dropped", description: "Audit records dropped because the audit queue was full");
        _handlerLogsDropped = _meter.CreateCounter<long>("gateway.handler_logs_dropped",
            description: "Handler log lines not written to the installation log (queue or per-installation cap full, store failure)");
        _requests = _meter.CreateCounter<long>("gateway.requests", description: "Gateway answers (routes and extension actions), by kind, status and code");
        _handlerDuration = _meter.CreateHistogram<double>("gateway.handler.duration", unit: "ms", description: "Time handlers ran in the sandbox, by kind");
    }

    /// <summary>One answer of a gateway endpoint; <paramref name="code"/> null on success.</summary>
    public void Request(string kind, int status, string? code) =>
        _requests.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status),
            new KeyValuePair<string, object?>("code", code ?? "ok"));

    public void HandlerRan(string kind, double elapsedMilliseconds) =>
        _handlerDuration.Record(elapsedMilliseconds, new KeyValuePair<string, object?>("kind", kind));

    public void Record(string kind, string extension, string? failureCode, TimeSpan elapsed, bool coldStart)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        var extensionTag = new KeyValuePair<string, object?>("extension", extension);
        _calls.Add(1, kindTag, extensionTag, new KeyValuePair<string, object?>("outcome", failureCode ?? "success"));
        _duration.Record(elapsed.TotalMilliseconds, kindTag, extensionTag);
        if (coldStart) _coldStarts.Add(1, extensionTag);
    }

    public void AuditDropped() => _auditDropped.Add(1);

    public void HandlerLogsDropped(int lines) => _handlerLogsDropped.Add(lines);

    public void Dispose() => _meter.Dispose();
}
