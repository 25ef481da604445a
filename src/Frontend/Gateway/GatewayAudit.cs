using System.Collections.Concurrent;
using System.Text.Json;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Audits every gateway call (<c>extension.call</c>, <c>extension.action</c>) at a cost the request
/// path does not notice: a call only appends its facts to an in-memory queue, and a background
/// writer wakes every <see cref="FlushInterval"/> and writes what has queued up, so a record appears
/// in the audit log within about one interval. A failed call gets a record of its own (detail
/// <c>{status, code, ms, calls: 1}</c>). Successful calls of one interval with the same caller,
/// target, version and status share one record that counts them (detail <c>{status, code: null,
/// ms (mean), msMax, calls, firstAt}</c>, time of the last): under load a route called thousands of
/// times a second adds a few records per interval instead of burying the tenant's audit trail.
/// When the store falls behind and <see cref="QueueCapacity"/> records wait, further ones are
/// dropped and counted (<c>gateway.audit_dropped</c>) rather than slowing or failing calls. On
/// shutdown the queue is written out.
/// </summary>
public sealed class GatewayAudit(AuditLog audit, GatewayMetrics metrics, TimeProvider time, ILogger<GatewayAudit> log) : PeriodicWriter(time)
{
    public const int QueueCapacity = 50_000;
    public const int MaxBatch = 2_000;

    private readonly ConcurrentQueue<Call> _queue = new();
    private int _queued;

    private sealed record Call(GatewayCaller Caller, string Action, string Target, int Status, string? Code, double Milliseconds, DateTimeOffset At);

    public void Record(GatewayCaller caller, string action, string target, int status, string? code, double milliseconds)
    {
        if (Interlocked.Increment(ref _queued) > QueueCapacity)
        {
            Interlocked.Decrement(ref _queued);
            metrics.AuditDropped();
            return;
        }
        _queue.Enqueue(new Call(caller, action, target, status, code, milliseconds, Time.GetUtcNow()));
    }

    protected override async Task FlushAsync()
    {
        while (!_queue.IsEmpty)
        {
            var calls = new List<Call>();
            while (calls.Count < MaxBatch && _queue.TryDequeue(out var call))
            {
                Interlocked.Decrement(ref _queued);
                calls.Add(call);
            }
            var events = calls.Where(c => c.Code is not null).Select(Failure)
                .Concat(calls.Where(c => c.Code is null)
                    .GroupBy(c => (c.Caller.TenantId, c.Caller.Actor, c.Action, c.Target, c.Caller.Installation.ContentHash, c.Status))
                    .Select(Successes))
                .ToList();
            try
            {
                await audit.RecordBatchAsync(events, CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Writing {Count} gateway audit records ({Calls} calls) failed; they are lost", events.Count, calls.Count);
            }
        }
    }

    private static AuditEvent Failure(Call call) =>
        Event(call, AuditOutcome.Failure(call.Code!), new { status = call.Status, code = call.Code, ms = Math.Round(call.Milliseconds, 2), calls = 1 }, call.At);

    private static AuditEvent Successes(IEnumerable<Call> group)
    {
        var calls = group.ToList();
        var detail = new
        {
            status = calls[0].Status,
            code = (string?)null,
            ms = Math.Round(calls.Average(c => c.Milliseconds), 2),
            msMax = Math.Round(calls.Max(c => c.Milliseconds), 2),
            calls = calls.Count,
            firstAt = calls[0].At,
        };
        return Event(calls[0], AuditOutcome.Success, detail, calls[^1].At);
    }

    private static AuditEvent Event(Call call, AuditOutcome outcome, object detail, DateTimeOffset at) =>
        new(call.Caller.TenantId, call.Caller.Actor, call.Action, call.Target, outcome, call.Caller.Installation.ContentHash,
            JsonSerializer.Serialize(detail), at);
}
