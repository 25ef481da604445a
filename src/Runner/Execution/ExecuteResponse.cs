namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// The outcome of one execution. When <see cref="Code"/> is null the handler answered and
/// <see cref="Status"/>, <see cref="Headers"/> and <see cref="Body"/> are its response (headers
/// not yet allow-listed: that is the gateway's job). Otherwise <see cref="Code"/> is one of
/// <see cref="RunnerCodes"/> and <see cref="Message"/> says what happened, for operators (it may
/// quote the guest, so do not show it to end users verbatim without thought).
/// </summary>
public sealed record ExecuteResponse
{
    public string? Code { get; init; }
    public string? Message { get; init; }

    public int Status { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public byte[] Body { get; init; } = [];

    /// <summary>What the handler logged (scrm.log, plus WASI stdout/stderr as info/error lines), bounded.</summary>
    public IReadOnlyList<GuestLogEntry> Logs { get; init; } = [];

    public ExecutionStatistics Statistics { get; init; } = new();

    public bool Succeeded => Code is null;

    /// <summary>A failed execution; <see cref="Status"/> is the status the gateway should answer with.</summary>
    public static ExecuteResponse Failure(string code, string message) =>
        new() { Code = code, Message = message, Status = RunnerCodes.SuggestedHttpStatus(code) };
}

/// <summary>Measurements of one execution, for metrics and the admin's log view.</summary>
public sealed record ExecutionStatistics
{
    /// <summary>True when this call compiled the module (a cold start); false when the cache had it.</summary>
    public bool CompiledModule { get; init; }
    public long FuelConsumed { get; init; }
    public int ActionCalls { get; init; }
    public double ElapsedMilliseconds { get; init; }
    /// <summary>Which Runner answered (its base URL) when executed remotely; null in-process.</summary>
    public string? Runner { get; init; }
}

public enum GuestLogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 }

public sealed record GuestLogEntry(GuestLogLevel Level, string Message);
