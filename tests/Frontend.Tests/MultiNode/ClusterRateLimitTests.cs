using System.Net;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// Two real co-hosted nodes share one installation's rate limit: with a burst of 10 and one more
/// permit per hour, calls alternating between the nodes get 10 answers between them, not 10 each.
/// </summary>
public sealed class ClusterRateLimitTests
{
    private const int Burst = 10;

    [Fact]
    public async Task Calls_alternating_between_two_nodes_get_the_configured_burst_in_all_not_one_per_node()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(settings: new Dictionary<string, string>
        {
            ["Extensions:Actions:RateLimit:Burst"] = Burst.ToString(),
            ["Extensions:Actions:RateLimit:TokensPerPeriod"] = "1",
            ["Extensions:Actions:RateLimit:PeriodMilliseconds"] = "3600000",
        });
        var (tenant, key, installation) = await cluster.InstalledExtensionAsync(cluster.A, "rate-limit-secret");
        var token = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
        using var onA = cluster.A.Client();
        using var onB = cluster.B.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4 * Burst; i++)
            statuses.Add((await TwoNodeCluster.CallActionAsync(i % 2 == 0 ? onA : onB, token.Token, "storage.get", new { key = "k" })).Status);

        Assert.Equal(Burst, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(3 * Burst, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        // Both nodes served some: the bucket is shared, not held by one node.
        Assert.Contains(HttpStatusCode.OK, statuses.Where((_, i) => i % 2 == 1));
    }
}
