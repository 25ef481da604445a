namespace Selegic.Extensions.Platform.Storage;

/// <summary>An extension of one tenant; the slug is unique per tenant.</summary>
public sealed record ExtensionRecord(
    Guid Id,
    Guid TenantId,
    string Slug,
    string Name,
    string? Description,
    string? Publisher,
    DateTimeOffset CreatedAt);
