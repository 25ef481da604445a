using System.Globalization;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Naming;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>Read side of the registry, shaped as the API's DTOs. Every query is scoped to one tenant.</summary>
public sealed class RegistryQueries(IMetadataStore store, AuditLog audit)
{
    public async Task<IReadOnlyList<ExtensionSummary>> ListExtensionsAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        var summaries = new List<ExtensionSummary>();
        var versionsByExtension = (await store.ListTenantVersionsAsync(tenant.Id, cancellationToken)).ToLookup(v => v.ExtensionId);
        foreach (var extension in await store.ListExtensionsAsync(tenant.Id, cancellationToken))
        {
            var versions = versionsByExtension[extension.Id].ToList();
            // An extension row without versions exists only if a publish crashed between the two
            // inserts; it has nothing to show, so it stays invisible.
            if (versions.Count == 0)
                continue;
            var latest = versions.MaxBy(v => SemanticVersion.Parse(v.Version))!;
            summaries.Add(new ExtensionSummary(extension.Slug, extension.Name, extension.Description, latest.Version,
                versions.Count, extension.CreatedAt, versions.Max(v => v.CreatedAt)));
        }
        return summaries;
    }

    /// <summary>Versions oldest first; not_found when the tenant has no such extension.</summary>
    public async Task<IReadOnlyList<VersionSummary>> ListVersionsAsync(TenantRecord tenant, string slug, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(tenant.Id, slug, cancellationToken);
        if (versions.Count == 0)
            throw new NotFoundException(ErrorCodes.NotFound, $"Tenant '{tenant.Slug}' has no extension '{slug}'.");
        return versions.Select(ToSummary).ToList();
    }

    private static VersionSummary ToSummary(ExtensionVersionRecord v) =>
        new(v.Version, v.ContentHash, v.Size, v.CreatedAt, v.PublishedBy ?? "", v.Signature?.KeyId);

    /// <summary>One version; not_found when the tenant has no such extension version.</summary>
    public async Task<VersionSummary> GetVersionAsync(TenantRecord tenant, string slug, string version, CancellationToken cancellationToken)
    {
        var found = await store.GetVersionAsync(tenant.Id, slug, version, cancellationToken)
            ?? throw new NotFoundException(ErrorCodes.NotFound, $"Tenant '{tenant.Slug}' has no version {version} of '{slug}'.");
        return ToSummary(found);
    }

    public async Task<ListResponse<AuditRecordDto>> ListAuditAsync(TenantRecord tenant, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var page = await audit.ListAsync(tenant.Id, cursor, limit, cancellationToken);
        return new ListResponse<AuditRecordDto>(page.Records.Select(ToDto).ToList(), page.NextCursor);
    }

    private static AuditRecordDto ToDto(AuditRecord record) => new(
        record.Id,
        record.CreatedAt,
        record.Actor,
        record.Action,
        record.Target,
        record.Outcome.Succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure,
        record.ContentHash,
        record.Outcome.ErrorCode,
        MessageOf(record.DetailJson));

    /// <summary>Registry audit details are {"message": "..."}; other writers' details pass through as JSON text.</summary>
    private static string? MessageOf(string? detailJson)
    {
        if (detailJson is null)
            return null;
        using var document = JsonDocument.Parse(detailJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("message", out var message)
               && message.ValueKind == JsonValueKind.String
            ? message.GetString()
            : detailJson;
    }
}
