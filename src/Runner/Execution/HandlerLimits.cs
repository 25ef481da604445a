namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// Per-installation limits of one execution. Every member is optional: null takes the platform
/// default (<see cref="RunnerLimitPolicy.Defaults"/>); a value above the platform maximum is refused
/// with <see cref="RunnerCodes.LimitsInvalid"/>.
/// </summary>
public sealed record HandlerLimits
{
    /// <summary>Wall-clock time of the whole execution, including waits on action calls.</summary>
    public int? TimeoutMilliseconds { get; init; }

    /// <summary>Instruction budget (see the engine's fuel accounting).</summary>
    public long? Fuel { get; init; }

    /// <summary>Linear memory cap in bytes (rounded down to whole 64 KiB pages).</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Largest request body accepted.</summary>
    public int? MaxRequestBytes { get; init; }

    /// <summary>Largest response body the handler may return.</summary>
    public int? MaxResponseBytes { get; init; }
}

/// <summary>Limits after defaults were applied and maxima checked: what an execution runs under.</summary>
public sealed record EffectiveLimits(TimeSpan Timeout, long Fuel, long MemoryBytes, int MaxRequestBytes, int MaxResponseBytes)
{
    public uint MemoryPages => (uint)(MemoryBytes / Wasmtime.Memory.PageSize);
}

/// <summary>Platform defaults and maxima for <see cref="HandlerLimits"/>.</summary>
public sealed class RunnerLimitPolicy
{
    public const long MiB = 1024 * 1024;

    public static RunnerLimitPolicy Platform { get; } = new();

    /// <summary>
    /// The default fuel is meant to outlast the default timeout for ordinary code (Wasmtime charges
    /// one unit per wasm operator and runs several 10^9 of them a second), so wall-clock time is
    /// the usual bound and fuel the deterministic one an installation can tighten.
    /// </summary>
    public EffectiveLimits Defaults { get; init; } = new(TimeSpan.FromSeconds(5), 100_000_000_000, 64 * MiB, (int)(1 * MiB), (int)(4 * MiB));

    public EffectiveLimits Maxima { get; init; } = new(TimeSpan.FromSeconds(60), 1_000_000_000_000, 1024 * MiB, (int)(16 * MiB), (int)(32 * MiB));

    /// <summary>Applies defaults; throws <see cref="RunnerException"/> (<see cref="RunnerCodes.LimitsInvalid"/>) naming the bad limit.</summary>
    public EffectiveLimits Resolve(HandlerLimits? requested)
    {
        requested ??= new HandlerLimits();
        return new EffectiveLimits(
            TimeSpan.FromMilliseconds(Check("timeoutMilliseconds", requested.TimeoutMilliseconds, (long)Defaults.Timeout.TotalMilliseconds, (long)Maxima.Timeout.TotalMilliseconds)),
            Check("fuel", requested.Fuel, Defaults.Fuel, Maxima.Fuel),
            Check("memoryBytes", requested.MemoryBytes, Defaults.MemoryBytes, Maxima.MemoryBytes, minimum: Wasmtime.Memory.PageSize),
            (int)Check("maxRequestBytes", requested.MaxRequestBytes, Defaults.MaxRequestBytes, Maxima.MaxRequestBytes),
            (int)Check("maxResponseBytes", requested.MaxResponseBytes, Defaults.MaxResponseBytes, Maxima.MaxResponseBytes));
    }

    private static long Check(string name, long? value, long fallback, long maximum, long minimum = 1)
    {
        if (value is null) return fallback;
        if (value < minimum || value > maximum)
            throw new RunnerException(RunnerCodes.LimitsInvalid, $"Limit '{name}' is {value}; it must be between {minimum} and {maximum}.");
        return value.Value;
    }
}
