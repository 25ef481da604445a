using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Selegic.Extensions.Silo;

/// <summary>
/// The silo's cluster settings, bound from the "Extensions:Cluster" configuration section
/// (environment: <c>Extensions__Cluster__SiloPort</c> and so on). Every setting has a default.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Extensions:Cluster";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Silos with the same cluster id (and database) form one cluster.</summary>
    public string ClusterId { get; set; } = "scrm";

    /// <summary>Stays the same across deployments of the service.</summary>
    public string ServiceId { get; set; } = "scrm-extensions";

    /// <summary>Silo-to-silo port. Unset: 11111 in a cluster, a free port on the embedded default. 0: a free port.</summary>
    public int? SiloPort { get; set; }

    /// <summary>Port Orleans clients connect to. Unset: 30000 in a cluster, a free port on the embedded default. 0: a free port.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>
    /// What a Frontend is in the cluster: "silo" (default: it co-hosts a silo) or "client" (the split
    /// topology: an Orleans client of the <c>src/Silo</c> or co-hosted nodes, through their gateways).
    /// </summary>
    public string Role { get; set; } = SiloRole;

    public const string SiloRole = "silo";
    public const string ClientRole = "client";

    public bool IsClient => Role.Trim().Equals(ClientRole, StringComparison.OrdinalIgnoreCase);

    /// <summary>The IP address other silos reach this one at. Unset: this host's first IPv4 address (127.0.0.1 on the embedded default).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Running in Kubernetes: Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes) takes
    /// the silo name, advertised address, cluster id and service id from the pod (POD_NAME, POD_IP,
    /// POD_NAMESPACE, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID; see deploy/k8s) and deletes the pods of
    /// silos the cluster declared dead. Membership stays in PostgreSQL.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// The settings from <paramref name="configuration"/>, checked: a bad value throws
    /// <see cref="OptionsValidationException"/> naming each setting to fix.
    /// </summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        if (settings.Problems() is { Count: > 0 } problems)
            throw new OptionsValidationException(SectionName, typeof(ClusterSettings), problems);
        return settings;
    }

    /// <summary>Each problem names the setting to fix.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
            problems.Add($"{SectionName}:{nameof(ClusterId)} must not be empty.");
        if (string.IsNullOrWhiteSpace(ServiceId))
            problems.Add($"{SectionName}:{nameof(ServiceId)} must not be empty.");
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
        {
            if (port is < 0 or > 65535)
                problems.Add($"{SectionName}:{name} must be a TCP port (0-65535, 0 = any free port); got {port}.");
        }
        if (Role?.Trim().ToLowerInvariant() is not (SiloRole or ClientRole))
            problems.Add($"{SectionName}:{nameof(Role)} is '{Role}'; expected '{SiloRole}' or '{ClientRole}'.");
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
            problems.Add($"{SectionName}:{nameof(AdvertisedAddress)} must be an IP address; got '{AdvertisedAddress}'.");
        return problems;
    }
}
