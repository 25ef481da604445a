using System.Net;
using System.Net.Sockets;

namespace Selegic.Extensions.Platform.Actions.Egress;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of outbound clients: resolves the host itself,
/// refuses the connection when any resolved address is forbidden, and connects to the vetted address,
/// so what was checked is what is reached (no second lookup a rebinding DNS server could answer
/// differently).
/// </summary>
public sealed class EgressConnector(Func<IPAddress, string?> whyForbidden, IReadOnlySet<int> testOnlyAllowedLoopbackPorts)
{
    /// <summary>The production rules: <see cref="AddressRules"/>, no exceptions.</summary>
    public static EgressConnector Strict { get; } = new(AddressRules.WhyForbidden, new HashSet<int>());

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await VetAsync(endpoint.Host, endpoint.Port, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The addresses of <paramref name="host"/>, all of them allowed; else an egress_address_forbidden refusal.</summary>
    public async Task<IPAddress[]> VetAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (AddressRules.IsMetadataHostName(host))
            throw Forbidden($"'{host}' is a cloud metadata service.");
        var addresses = await HostResolver.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
            throw new ActionException(ActionRefusal.Upstream, ActionErrorCodes.EgressDnsFailed, $"The host '{host}' has no addresses.");
        foreach (var address in addresses)
        {
            if (IsTestOnlyLoopbackAllowance(address, port))
                continue;
            if (whyForbidden(address) is { } why)
                throw Forbidden($"'{host}' resolves to {address}, {why}; outbound calls may not reach it.");
        }
        return addresses;
    }

    private bool IsTestOnlyLoopbackAllowance(IPAddress address, int port) =>
        testOnlyAllowedLoopbackPorts.Contains(port) && address.Equals(IPAddress.Loopback);

    internal static ActionException Forbidden(string message) =>
        new(ActionRefusal.Forbidden, ActionErrorCodes.EgressAddressForbidden, message);
}
