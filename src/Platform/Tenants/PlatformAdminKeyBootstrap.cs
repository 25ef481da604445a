using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>Outcome of start-up admin key set-up. <see cref="GeneratedKey"/> is non-null only on the very first start without a configured key: print it once.</summary>
public sealed record PlatformAdminKeyResult(string? GeneratedKey, bool FromConfiguration);

/// <summary>
/// Makes sure a platform admin key exists. With EXTENSIONS_ADMIN_API_KEY set, that key (its hash)
/// is the admin key and a previously bootstrapped one is revoked. Without it, the first start
/// generates a key, stores only its hash and returns the plaintext once; later starts (on any
/// node) return nothing.
/// </summary>
public sealed class PlatformAdminKeyBootstrap(IMetadataStore store, TimeProvider time)
{
    public const string ConfigurationVariable = "EXTENSIONS_ADMIN_API_KEY";
    /// <summary>Platform setting holding the id of the key made by this bootstrap.</summary>
    internal const string BootstrapKeySetting = "platform_admin.bootstrap_key_id";

    public async Task<PlatformAdminKeyResult> EnsureAsync(string? configuredKey, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            await UseConfiguredKeyAsync(configuredKey, cancellationToken);
            return new PlatformAdminKeyResult(null, FromConfiguration: true);
        }
        if (await store.GetPlatformSettingAsync(BootstrapKeySetting, cancellationToken) is not null)
            return new PlatformAdminKeyResult(null, FromConfiguration: false);

        var key = ApiKeys.Generate();
        var record = NewAdminKey(key);
        await store.InsertApiKeyAsync(record, cancellationToken);
        if (await store.TryAddPlatformSettingAsync(BootstrapKeySetting, record.Id.ToString(), cancellationToken))
            return new PlatformAdminKeyResult(key, FromConfiguration: false);

        // Another node bootstrapped at the same moment and will print its key; ours must not stay valid.
        await store.RevokeApiKeyAsync(null, record.Id, time.GetUtcNow(), cancellationToken);
        return new PlatformAdminKeyResult(null, FromConfiguration: false);
    }

    private async Task UseConfiguredKeyAsync(string configuredKey, CancellationToken cancellationToken)
    {
        if (configuredKey.Length < ApiKeys.MinimumConfiguredLength || configuredKey.Any(char.IsWhiteSpace) || configuredKey.Contains('.'))
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"{ConfigurationVariable} must be at least {ApiKeys.MinimumConfiguredLength} characters without whitespace or dots (generate one with: openssl rand -base64 32).");

        var existing = await store.FindApiKeyByHashAsync(ApiKeys.Hash(configuredKey), cancellationToken);
        Guid currentId;
        if (existing is { Role: ApiKeyRole.PlatformAdmin, RevokedAt: null })
        {
            currentId = existing.Id;
        }
        else if (existing is not null)
        {
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"{ConfigurationVariable} matches a key that is revoked or not a platform admin key; choose a new value.");
        }
        else
        {
            var record = NewAdminKey(configuredKey);
            try
            {
                await store.InsertApiKeyAsync(record, cancellationToken);
            }
            catch (AlreadyExistsException)
            {
                return; // another node starting with the same key inserted it and finishes the switch
            }
            currentId = record.Id;
        }

        // Retire the key this bootstrap made before (generated, or an earlier value of the variable).
        var previous = await store.GetPlatformSettingAsync(BootstrapKeySetting, cancellationToken);
        if (previous == currentId.ToString())
            return;
        await store.SetPlatformSettingAsync(BootstrapKeySetting, currentId.ToString(), cancellationToken);
        if (Guid.TryParse(previous, out var previousId))
            await store.RevokeApiKeyAsync(null, previousId, time.GetUtcNow(), cancellationToken);
    }

    private ApiKeyRecord NewAdminKey(string key) =>
        new(Guid.NewGuid(), null, ApiKeyRole.PlatformAdmin, ApiKeys.Hash(key), ApiKeys.DisplayPrefix(key), time.GetUtcNow());
}
