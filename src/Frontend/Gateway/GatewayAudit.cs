using System.Text.Json;
using System.Threading.Channels;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Audits every gateway call (<c>extension.call</c>, <c>extension.action</c>) without putting a store
/// write on the request path: records go through a bounded queue to one background writer. When the
/// store falls behind and the queue is full, records are dropped and counted
/// (<c>gateway.audit_dropped</c>) rather than slowing or failing calls.
/// </summary>
public sealed class GatewayAudit : BackgroundService
{
    public const int QueueCapacity = 10_000;

    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly AuditLog _audit;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<GatewayAudit> _log;

    public GatewayAudit(AuditLog audit, GatewayMetrics metrics, ILogger<GatewayAudit> log)
    {
        _audit = audit;
        _metrics = metrics;
        _log = log;
    }

    public void Record(GatewayCaller caller, string action, string target, int status, string? code, double milliseconds)
    {
        var detail = JsonSerializer.Serialize(new { status, code, ms = Math.Round(milliseconds, 2) });
        var record = new AuditEvent(caller.TenantId, caller.Actor, action, target,
            code is null ? AuditOutcome.Success : new AuditOutcome(false, code), caller.Installation.ContentHash, detail);
        if (!_queue.Writer.TryWrite(record))
            _metrics.AuditDropped();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var record in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try { await _audit.RecordAsync(record, stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.LogWarning(e, "Writing a gateway audit record failed; it is lost");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
