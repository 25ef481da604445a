using System.Collections.Concurrent;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>
/// The node's deny set of revoked token ids, keyed by (installation, jti) so one tenant's revocation
/// can never touch another tenant's token. Entries live until the token would have expired. Filled
/// by change notices; a resync (start-up, reconnect) reloads it from the store.
/// </summary>
public sealed class RevocationList(IInstallationStore store, TimeProvider time) : IChangeListener
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(Guid Installation, string Jti), DateTimeOffset> _denied = new();
    private long _lastPruneTicks;

    public bool IsRevoked(Guid installationId, string jti)
    {
        PruneIfDue();
        return _denied.ContainsKey((installationId, jti));
    }

    public void OnChange(ChangeNotice notice)
    {
        if (notice is { Kind: ChangeKind.TokenRevoked, Jti: { } jti, ExpiresAt: { } expiresAt })
            Deny(notice.InstallationId, jti, expiresAt);
    }

    /// <summary>Adds the store's live revocations; entries never disappear before their expiry, so nothing is cleared.</summary>
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        foreach (var revocation in await store.LoadLiveRevocationsAsync(time.GetUtcNow(), cancellationToken))
            Deny(revocation.InstallationId, revocation.Jti, revocation.ExpiresAt);
        Prune();
    }

    private void Deny(Guid installationId, string jti, DateTimeOffset expiresAt) =>
        _denied.AddOrUpdate((installationId, jti), expiresAt, (_, existing) => existing > expiresAt ? existing : expiresAt);

    private void PruneIfDue()
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastPruneTicks);
        if (now - last >= PruneEvery.Ticks && Interlocked.CompareExchange(ref _lastPruneTicks, now, last) == last)
            Prune();
    }

    private void Prune()
    {
        // A revoked token stays refused until it is past its expiry plus the validator's clock skew.
        var cutoff = time.GetUtcNow() - TokenDefaults.ClockSkew;
        foreach (var (key, expiresAt) in _denied)
        {
            if (expiresAt < cutoff)
                _denied.TryRemove(KeyValuePair.Create(key, expiresAt));
        }
    }
}
