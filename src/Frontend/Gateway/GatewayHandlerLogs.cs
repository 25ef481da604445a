using System.Collections.Concurrent;
using System.Text.Json;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Writes what a handler logged (scrm.log, WASI stdout/stderr: <see cref="ExecuteResponse.Logs"/>)
/// into its installation's log, source "handler", next to the lines of <c>log.emit</c>. A failed
/// execution that is the extension's own doing (trap, abort, timeout, limits, broken module) adds
/// one error line naming its code, so the admin sees why the lines stop. Fields of every line:
/// <c>requestId</c>, <c>route</c> ("GET /path") or <c>action</c>, and <c>code</c> on the failure line.
/// <para>
/// Off the request path, like <see cref="GatewayAudit"/>: a call with lines only appends them to an
/// in-memory queue (a call without lines does nothing at all), and a background writer stores what
/// queued up every <see cref="FlushInterval"/> in one transaction. Bounded twice: an installation
/// may have at most <see cref="LogOptions.KeepLast"/> lines waiting (more could not be kept anyway),
/// so a handler flooding its log cannot crowd out other installations; and all lines waiting hold
/// at most <see cref="QueueCapacityChars"/> characters. Lines over either bound, or lost because the
/// store failed, are dropped and counted (<c>gateway.handler_logs_dropped</c>), never slowing calls.
/// Messages are cut to <see cref="LogOptions.MaxMessageLength"/>, the store keeps the newest
/// <see cref="LogOptions.KeepLast"/> entries per installation, as for <c>log.emit</c>.
/// </para>
/// </summary>
public sealed class GatewayHandlerLogs(IActionDataStore store, LogOptions options, GatewayMetrics metrics, TimeProvider time,
    ILogger<GatewayHandlerLogs> log) : PeriodicWriter(time)
{
    public const long QueueCapacityChars = 8L * 1024 * 1024;
    public const int MaxBatchLines = 5_000;

    private readonly ConcurrentQueue<Execution> _queue = new();
    private readonly ConcurrentDictionary<Guid, int> _pendingLines = new();
    private long _queuedChars;

    /// <summary>The lines of one execution (never the request itself: its body would stay in memory).</summary>
    private sealed record Execution(GatewayCaller Caller, string? RequestId, string? Route, string? Action, IReadOnlyList<GuestLogEntry> Lines,
        string? Failure, string? FailureCode, int LineCount, int Chars, DateTimeOffset At);

    public void Record(GatewayCaller caller, ExecuteRequest request, ExecuteResponse response)
    {
        var failure = IsExtensionFailure(response.Code) ? $"{response.Code}: {response.Message}" : null;
        var lines = response.Logs;
        if (lines.Count == 0 && failure is null)
            return;

        var lineCount = lines.Count + (failure is null ? 0 : 1);
        var chars = failure?.Length ?? 0;
        foreach (var line in lines)
            chars += line.Message.Length;
        var installation = caller.Installation.Id;
        if (_pendingLines.AddOrUpdate(installation, static (_, n) => n, static (_, pending, n) => pending + n, lineCount) > options.KeepLast)
        {
            Release(installation, lineCount, 0);
            metrics.HandlerLogsDropped(lineCount);
            return;
        }
        if (Interlocked.Add(ref _queuedChars, chars) > QueueCapacityChars)
        {
            Release(installation, lineCount, chars);
            metrics.HandlerLogsDropped(lineCount);
            return;
        }
        var route = request.Action is null ? $"{request.Method} {Clip(request.Path, 200)}" : null;
        _queue.Enqueue(new Execution(caller, request.RequestId, route, request.Action, lines, failure, response.Code, lineCount, chars, Time.GetUtcNow()));
    }

    /// <summary>Failures the extension's author can act on; the platform's own (Runner down, bad credentials...) are the operator's.</summary>
    public static bool IsExtensionFailure(string? code) => code is not null &&
        (code.StartsWith("handler_", StringComparison.Ordinal) || code is RunnerCodes.ResponseTooLarge or RunnerCodes.ModuleInvalid or RunnerCodes.ModuleLinkFailed);

    private void Release(Guid installation, int lines, long chars)
    {
        if (chars != 0)
            Interlocked.Add(ref _queuedChars, -chars);
        if (_pendingLines.AddOrUpdate(installation, static (_, _) => 0, static (_, pending, n) => pending - n, lines) <= 0)
            _pendingLines.TryRemove(new KeyValuePair<Guid, int>(installation, 0)); // only if no call added lines meanwhile
    }

    protected override async Task FlushAsync()
    {
        while (!_queue.IsEmpty)
        {
            var executions = new List<Execution>();
            var lines = 0;
            while (lines < MaxBatchLines && _queue.TryDequeue(out var execution))
            {
                executions.Add(execution);
                lines += execution.LineCount;
            }
            var entries = executions.SelectMany(ToEntries).ToList();
            try
            {
                await store.AppendLogsAsync(entries, options.KeepLast, CancellationToken.None);
            }
            catch (Exception e)
            {
                metrics.HandlerLogsDropped(entries.Count);
                log.LogWarning(e, "Writing {Count} handler log lines to installation logs failed; they are lost", entries.Count);
            }
            finally
            {
                // Only now may the installations queue more: while the store lags, a flooding handler stays capped.
                foreach (var execution in executions)
                    Release(execution.Caller.Installation.Id, execution.LineCount, execution.Chars);
            }
        }
    }

    private IEnumerable<InstallationLogEntry> ToEntries(Execution execution)
    {
        var fields = Fields(execution, code: null);
        foreach (var line in execution.Lines)
            yield return Entry(execution, LevelName(line.Level), line.Message, fields);
        if (execution.Failure is not null)
            yield return Entry(execution, "error", execution.Failure, Fields(execution, execution.FailureCode));
    }

    private static string Fields(Execution execution, string? code)
    {
        var fields = new Dictionary<string, string?> { ["requestId"] = execution.RequestId };
        if (execution.Action is null) fields["route"] = execution.Route;
        else fields["action"] = execution.Action;
        if (code is not null) fields["code"] = code;
        return JsonSerializer.Serialize(fields);
    }

    private InstallationLogEntry Entry(Execution execution, string level, string message, string fields) =>
        new(0, execution.Caller.TenantId, execution.Caller.Installation.Id, level, Clip(message, options.MaxMessageLength), fields,
            execution.Caller.User, execution.At, InstallationLogSources.Handler);

    /// <summary>The level names of <c>log.emit</c>.</summary>
    private static string LevelName(GuestLogLevel level) => level switch
    {
        GuestLogLevel.Debug => "debug",
        GuestLogLevel.Info => "info",
        GuestLogLevel.Warn => "warn",
        _ => "error",
    };

    private static string Clip(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
}
