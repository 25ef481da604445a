using Selegic.Extensions.Runner.Remote;

namespace Selegic.Extensions.Runner.Tests.Remote;

public sealed class RendezvousHashingTests
{
    private static readonly string[] Nodes = ["http://runner-0:8080/", "http://runner-1:8080/", "http://runner-2:8080/", "http://runner-3:8080/"];
    private static readonly string[] Keys = Enumerable.Range(0, 2000).Select(i => $"sha256:{i:x64}").ToArray();

    [Fact]
    public void Order_is_a_permutation_and_does_not_depend_on_the_configured_order()
    {
        foreach (var key in Keys.Take(50))
        {
            var order = RendezvousHashing.Order(Nodes, key, n => n);
            Assert.Equal(Nodes.Order(), order.Order());
            Assert.Equal(order, RendezvousHashing.Order(Nodes.Reverse(), key, n => n));
        }
    }

    [Fact]
    public void Removing_a_node_moves_only_the_keys_it_owned_to_their_second_choice()
    {
        var removed = Nodes[2];
        var remaining = Nodes.Where(n => n != removed).ToArray();
        foreach (var key in Keys)
        {
            var before = RendezvousHashing.Order(Nodes, key, n => n);
            var after = RendezvousHashing.Order(remaining, key, n => n);
            Assert.Equal(before[0] == removed ? before[1] : before[0], after[0]);
        }
    }

    [Fact]
    public void Keys_spread_over_every_node()
    {
        var owners = Keys.GroupBy(k => RendezvousHashing.Order(Nodes, k, n => n)[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Nodes.Length, owners.Count);
        Assert.All(owners.Values, count => Assert.InRange(count, Keys.Length / Nodes.Length / 2, Keys.Length / Nodes.Length * 2));
    }
}
