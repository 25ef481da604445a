using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Settings of the gateway, extension actions and assets, bound from "Extensions:Gateway"
/// (e.g. <c>Extensions__Gateway__Limits__TimeoutMilliseconds</c>).
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Extensions:Gateway";

    /// <summary>Largest request body the gateway reads; more is refused with 413 request_too_large.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Limits every handler runs under; empty members take the Runner's platform defaults.</summary>
    public GatewayLimits Limits { get; set; } = new();

    /// <summary>
    /// Settings of the retired Runner services. Handlers now run on the silos (docs/cluster.md); a node
    /// still configured for Runner services is refused at start rather than silently running them here.
    /// </summary>
    public static readonly string[] RetiredSettings = ["RunnerUrls", "RunnerSharedSecrets"];

    /// <summary>
    /// The origin allowed to frame extension UIs (CSP <c>frame-ancestors</c>), e.g. https://crm.example.com.
    /// Empty: only the server's own origin ('self'); required with EXTENSION_UI_ORIGIN (ExtensionUiOrigin).
    /// </summary>
    public string? HostOrigin { get; set; }

    /// <summary>
    /// Compile a cold handler with the baseline compiler first (fast compile, slower code) and swap
    /// in the optimized module when its background compile finishes; false waits for the optimized one.
    /// </summary>
    public bool BaselineCompile { get; set; } = true;

    /// <summary>How long an asset ticket (and the cookie it sets) opens an extension's UI files.</summary>
    public int AssetTicketTtlSeconds { get; set; } = 3600;

    public HandlerLimits HandlerLimits => new()
    {
        TimeoutMilliseconds = Limits.TimeoutMilliseconds,
        Fuel = Limits.Fuel,
        MemoryBytes = Limits.MemoryBytes,
        MaxRequestBytes = Limits.MaxRequestBytes,
        MaxResponseBytes = Limits.MaxResponseBytes,
    };

    /// <summary>The per-request token lives as long as the longest handler may run, plus a margin.</summary>
    public TimeSpan RequestTokenTtl =>
        TimeSpan.FromMilliseconds(Limits.TimeoutMilliseconds ?? RunnerLimitPolicy.Platform.Defaults.Timeout.TotalMilliseconds) + TimeSpan.FromSeconds(30);

    /// <param name="section">the bound section, checked for <see cref="RetiredSettings"/></param>
    public IReadOnlyList<string> Validate(IConfigurationSection section)
    {
        var problems = new List<string>();
        foreach (var retired in RetiredSettings.Where(name => section.GetSection(name).Exists()))
            problems.Add($"{SectionName}:{retired} is no longer supported: Runner services were replaced by the silos, which run handlers "
                + "(a split topology's Frontend sets Extensions:Cluster:Role=client; see docs/cluster.md). Remove the setting.");
        if (MaxRequestBytes <= 0) problems.Add($"{SectionName}:MaxRequestBytes must be positive.");
        if (AssetTicketTtlSeconds is <= 0 or > 86_400) problems.Add($"{SectionName}:AssetTicketTtlSeconds must be between 1 and 86400.");
        try { RunnerLimitPolicy.Platform.Resolve(HandlerLimits); }
        catch (RunnerException e) { problems.Add($"{SectionName}:Limits: {e.Message}"); }
        return problems;
    }
}

/// <summary>Handler limits as configuration binds them (all optional).</summary>
public sealed class GatewayLimits
{
    public int? TimeoutMilliseconds { get; set; }
    public long? Fuel { get; set; }
    public long? MemoryBytes { get; set; }
    public int? MaxRequestBytes { get; set; }
    public int? MaxResponseBytes { get; set; }
}
