namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// Limits of the Action API, bound from the "Extensions:Actions" configuration section
/// (e.g. <c>Extensions__Actions__RateLimit__Burst</c>).
/// </summary>
public sealed class ActionOptions
{
    public const string SectionName = "Extensions:Actions";

    /// <summary>Largest accepted input document, in bytes (larger: action_input_too_large).</summary>
    public int MaxInputBytes { get; set; } = 1024 * 1024;

    public ActionRateLimitOptions RateLimit { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public LogOptions Log { get; set; } = new();
    public FetchOptions Fetch { get; set; } = new();
    public HostActionOptions HostActions { get; set; } = new();

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Positive(string name, long value)
        {
            if (value <= 0) problems.Add($"{SectionName}:{name} must be positive (got {value}).");
        }
        Positive(nameof(MaxInputBytes), MaxInputBytes);
        Positive("RateLimit:TokensPerPeriod", RateLimit.TokensPerPeriod);
        Positive("RateLimit:PeriodMilliseconds", RateLimit.PeriodMilliseconds);
        Positive("RateLimit:Burst", RateLimit.Burst);
        Positive("Storage:MaxKeys", Storage.MaxKeys);
        Positive("Storage:MaxKeyLength", Storage.MaxKeyLength);
        Positive("Storage:MaxValueBytes", Storage.MaxValueBytes);
        Positive("Storage:MaxTotalBytes", Storage.MaxTotalBytes);
        Positive("Storage:MaxPageSize", Storage.MaxPageSize);
        Positive("Log:KeepLast", Log.KeepLast);
        Positive("Log:MaxMessageLength", Log.MaxMessageLength);
        Positive("Fetch:TimeoutSeconds", Fetch.TimeoutSeconds);
        Positive("Fetch:MaxRequestBytes", Fetch.MaxRequestBytes);
        Positive("Fetch:MaxResponseBytes", Fetch.MaxResponseBytes);
        Positive("HostActions:DefaultTimeoutMilliseconds", HostActions.DefaultTimeoutMilliseconds);
        Positive("HostActions:MaxTimeoutMilliseconds", HostActions.MaxTimeoutMilliseconds);
        Positive("HostActions:MaxResponseBytes", HostActions.MaxResponseBytes);
        if (Fetch.MaxRedirects < 0) problems.Add($"{SectionName}:Fetch:MaxRedirects must not be negative.");
        return problems;
    }
}

/// <summary>
/// A token bucket per installation: up to <see cref="Burst"/> calls at once, refilled with
/// <see cref="TokensPerPeriod"/> every <see cref="PeriodMilliseconds"/> (default 100 calls per second).
/// </summary>
public sealed class ActionRateLimitOptions
{
    public int TokensPerPeriod { get; set; } = 100;
    public int PeriodMilliseconds { get; set; } = 1000;
    public int Burst { get; set; } = 200;
}

public sealed class StorageOptions
{
    public int MaxKeys { get; set; } = 1000;
    /// <summary>Keys are 1..MaxKeyLength printable ASCII characters (no spaces).</summary>
    public int MaxKeyLength { get; set; } = 256;
    /// <summary>Size of one value's JSON text in UTF-8.</summary>
    public int MaxValueBytes { get; set; } = 64 * 1024;
    /// <summary>Keys plus values of one installation, in UTF-8 bytes.</summary>
    public long MaxTotalBytes { get; set; } = 4 * 1024 * 1024;
    public int MaxPageSize { get; set; } = 100;
}

public sealed class LogOptions
{
    /// <summary>Entries kept per installation; older ones are dropped.</summary>
    public int KeepLast { get; set; } = 1000;
    public int MaxMessageLength { get; set; } = 2000;
}

public sealed class FetchOptions
{
    public int TimeoutSeconds { get; set; } = 10;
    public int MaxRequestBytes { get; set; } = 256 * 1024;
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// TESTS ONLY, never set in production: ports on 127.0.0.1 that http.fetch may reach despite the
    /// loopback rule, so the allow path can be tested against a local server (outbound traffic is
    /// not possible in CI). Every other address rule still applies.
    /// </summary>
    public int[] TestOnlyAllowedLoopbackPorts { get; set; } = [];
}

public sealed class HostActionOptions
{
    public int DefaultTimeoutMilliseconds { get; set; } = 5000;
    public int MaxTimeoutMilliseconds { get; set; } = 30000;
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
