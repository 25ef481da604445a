using Orleans.Configuration;

namespace Selegic.Extensions.Silo;

/// <summary>
/// Failure detection tighter than Orleans' defaults (which take 10-15 s to declare a killed silo dead
/// here): a silo missing 3 probes of 2 s is voted dead by one peer, and every silo rereads the table
/// every 2 s. 2 s x 3 rides out a pause of a few seconds (GC, a loaded host) that 1 s x 2 would not.
/// docs/cluster.md describes the trade-off.
/// </summary>
internal static class MembershipTimings
{
    public static void Apply(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.NumMissedProbesLimit = 3;
        membership.NumVotesForDeathDeclaration = 1;
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
    }
}
