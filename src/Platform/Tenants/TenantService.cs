using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Tenants;

/// <summary>The tenant and its first admin key; <see cref="ApiKey"/> is the plaintext, shown once.</summary>
public sealed record TenantCreated(TenantRecord Tenant, string ApiKey);

/// <summary>Creates tenants and their admin keys, and changes tenant settings.</summary>
public sealed class TenantService(IMetadataStore store, TimeProvider time)
{
    /// <summary>
    /// Creates a tenant with a fresh tenant-admin key, atomically. Invalid slug: invalid_slug;
    /// taken slug: <see cref="AlreadyExistsException"/> tenant_exists.
    /// </summary>
    public async Task<TenantCreated> CreateTenantAsync(string slug, CancellationToken cancellationToken)
    {
        TenantSlug.Validate(slug);
        var now = time.GetUtcNow();
        var tenant = new TenantRecord(Guid.NewGuid(), slug, TenantSettings.Default, now);
        var apiKey = ApiKeys.Generate();
        var keyRecord = new ApiKeyRecord(Guid.NewGuid(), tenant.Id, ApiKeyRole.TenantAdmin,
            ApiKeys.Hash(apiKey), ApiKeys.DisplayPrefix(apiKey), now);
        await store.CreateTenantAsync(tenant, keyRecord, cancellationToken);
        return new TenantCreated(tenant, apiKey);
    }

    /// <summary>Issues another admin key for an existing tenant (not_found if there is none).</summary>
    public async Task<string> CreateTenantAdminKeyAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        _ = await store.GetTenantAsync(tenantId, cancellationToken)
            ?? throw new NotFoundException(PlatformErrorCodes.NotFound, "Tenant not found.");
        var apiKey = ApiKeys.Generate();
        await store.InsertApiKeyAsync(new ApiKeyRecord(Guid.NewGuid(), tenantId, ApiKeyRole.TenantAdmin,
            ApiKeys.Hash(apiKey), ApiKeys.DisplayPrefix(apiKey), time.GetUtcNow()), cancellationToken);
        return apiKey;
    }

    public Task<TenantRecord?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        TenantSlug.IsValid(slug) ? store.GetTenantBySlugAsync(slug, cancellationToken) : Task.FromResult<TenantRecord?>(null);

    /// <summary>Turns the "signatures required" setting on or off (not_found if there is no such tenant).</summary>
    public async Task<TenantSettings> SetRequireSignaturesAsync(Guid tenantId, bool required, CancellationToken cancellationToken)
    {
        var tenant = await store.GetTenantAsync(tenantId, cancellationToken)
            ?? throw new NotFoundException(PlatformErrorCodes.NotFound, "Tenant not found.");
        var settings = tenant.Settings with { RequireSignatures = required };
        if (!await store.UpdateTenantSettingsAsync(tenantId, settings, cancellationToken))
            throw new NotFoundException(PlatformErrorCodes.NotFound, "Tenant not found.");
        return settings;
    }
}
