using System.Text.Json;

namespace Selegic.Extensions.Contracts.Api;

/// <summary>Names of the platform's built-in actions (<c>POST /api/actions/{name}</c>).</summary>
public static class BuiltInActionNames
{
    public const string StorageGet = "storage.get";
    public const string StoragePut = "storage.put";
    public const string StorageDelete = "storage.delete";
    public const string StorageList = "storage.list";
    public const string SecretsGet = "secrets.get";
    public const string LogEmit = "log.emit";
    public const string HttpFetch = "http.fetch";

    /// <summary>Name prefixes host actions may not use (they belong to the platform).</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["storage.", "secrets.", "log.", "http.", "platform.", "system."];
}

/// <summary>Capabilities the built-in actions require (declared in manifest.json, granted per installation).</summary>
public static class BuiltInCapabilities
{
    public const string StorageKv = "cap:storage.kv";
    public const string SecretsRead = "cap:secrets.read";
    public const string LogWrite = "cap:log.write";
    public const string HttpFetch = "cap:http.fetch";
}

/// <summary>One entry of <c>GET /api/actions</c>.</summary>
/// <param name="Source"><c>builtIn</c> or <c>host</c></param>
/// <param name="Mutating">whether calls change state (they are audited)</param>
public sealed record ActionCatalogEntry(string Name, string Description, string Capability, string Source, bool Mutating, JsonElement InputSchema);

public sealed record ActionCatalogResponse(IReadOnlyList<ActionCatalogEntry> Actions);

/// <summary>
/// <c>PUT /api/v1/tenants/{tenant}/host-actions/{name}</c>: registers (or replaces) an action the CRM
/// backend implements at <see cref="CallbackUrl"/>. The signing secret is write-only.
/// </summary>
public sealed record RegisterHostActionRequest(
    string? Description,
    string? Capability,
    JsonElement? InputSchema,
    string? CallbackUrl,
    string? SigningSecret,
    int? TimeoutMs = null,
    bool? Mutating = null);

/// <summary>A registered host action as the API shows it (never its signing secret).</summary>
public sealed record HostActionDto(
    string Name,
    string Description,
    string Capability,
    JsonElement InputSchema,
    string CallbackUrl,
    int TimeoutMs,
    bool Mutating,
    DateTimeOffset UpdatedAt);

public sealed record HostActionListResponse(IReadOnlyList<HostActionDto> Actions);

/// <summary>One entry of <c>GET /api/v1/tenants/{tenant}/installations/{id}/logs</c> (newest first).</summary>
/// <param name="Source">"action" (written through log.emit) or "handler" (the handler's own scrm.log / WASI lines, and its failures)</param>
public sealed record InstallationLogEntryDto(long Id, DateTimeOffset At, string Level, string Message, JsonElement? Fields, string? User, string Source);

public sealed record InstallationLogPageDto(IReadOnlyList<InstallationLogEntryDto> Entries, string? NextCursor);
