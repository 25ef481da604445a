using System.Net;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.Egress;

namespace Selegic.Extensions.Platform.Tests.Actions;

public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("100.100.100.200", "metadata")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("2002:c0a8:0101::1", "private")]
    public void Forbidden_addresses_are_refused_with_the_reason(string address, string reason)
    {
        var why = AddressRules.WhyForbidden(IPAddress.Parse(address));

        Assert.NotNull(why);
        Assert.Contains(reason, why);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.Null(AddressRules.WhyForbidden(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("api.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("metadata.google.internal")]
    [InlineData("METADATA.GOOGLE.INTERNAL.")]
    public async Task The_strict_connector_refuses_names_that_resolve_to_forbidden_addresses(string host)
    {
        var refusal = await Assert.ThrowsAsync<ActionException>(() => EgressConnector.Strict.VetAsync(host, 443, CancellationToken.None));

        Assert.Equal(ActionErrorCodes.EgressAddressForbidden, refusal.Code);
    }

    [Fact]
    public async Task The_test_only_loopback_allowance_covers_exactly_its_ports_on_127_0_0_1()
    {
        var connector = new EgressConnector(AddressRules.WhyForbidden, new HashSet<int> { 5555 });

        Assert.Equal([IPAddress.Loopback], await connector.VetAsync("api.localhost", 5555, CancellationToken.None));
        var otherPort = await Assert.ThrowsAsync<ActionException>(() => connector.VetAsync("api.localhost", 5556, CancellationToken.None));
        Assert.Equal(ActionErrorCodes.EgressAddressForbidden, otherPort.Code);
        var ipv6 = await Assert.ThrowsAsync<ActionException>(() => connector.VetAsync("::1", 5555, CancellationToken.None));
        Assert.Equal(ActionErrorCodes.EgressAddressForbidden, ipv6.Code);
        var metadata = await Assert.ThrowsAsync<ActionException>(() => connector.VetAsync("169.254.169.254", 5555, CancellationToken.None));
        Assert.Equal(ActionErrorCodes.EgressAddressForbidden, metadata.Code);
    }
}
