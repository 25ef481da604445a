using System.Net;
using System.Net.Sockets;

namespace Selegic.Extensions.Platform.Actions.Egress;

/// <summary>
/// Which IP addresses outbound calls must never reach. Applied to the addresses a name resolves to
/// (not to the name), at connect time, so DNS rebinding cannot slip a private address in.
/// IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by the embedded address.
/// </summary>
public static class AddressRules
{
    /// <summary>Cloud instance-metadata endpoints (AWS, GCP, Azure, OpenStack; AWS over IPv6; Oracle; Alibaba).</summary>
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("192.0.0.192"), IPAddress.Parse("100.100.100.200"),
    ];

    /// <summary>Host names of metadata services, refused before any DNS lookup.</summary>
    private static readonly HashSet<string> MetadataHostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
    };

    private static readonly (IPNetwork Network, string Why)[] ForbiddenNetworks =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified ('this network') address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol-assignment address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static bool IsMetadataHostName(string host) => MetadataHostNames.Contains(host.TrimEnd('.'));

    /// <summary>Why outbound calls may not go to <paramref name="address"/>, or null when they may.</summary>
    public static string? WhyForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && SixToFour.Contains(address))
            address = new IPAddress(address.GetAddressBytes()[2..6]);

        if (MetadataAddresses.Any(address.Equals))
            return "a cloud metadata address";
        foreach (var (network, why) in ForbiddenNetworks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
                return why;
        }
        return null;
    }
}
