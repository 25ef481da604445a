using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Runner.Remote;

/// <summary>
/// Highest-random-weight (rendezvous) hashing: every node gets a score for the key, the highest
/// wins and the rest follow in score order (the failover order). Removing a node moves only the
/// keys it owned; every Frontend computes the same order with no coordination.
/// </summary>
public static class RendezvousHashing
{
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> nodes, string key, Func<T, string> nodeName) =>
        nodes.OrderByDescending(n => Score(nodeName(n), key)).ThenBy(nodeName, StringComparer.Ordinal).ToArray();

    public static ulong Score(string node, string key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(node + "\n" + key), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
