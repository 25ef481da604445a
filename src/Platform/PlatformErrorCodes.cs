using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Platform;

/// <summary>
/// Error codes raised by the store, blob store, tenants and audit services. Shared codes come from
/// <see cref="ErrorCodes"/> (with their status in <see cref="ErrorCatalog"/>); the rest are local to
/// the platform and, not being in the catalog, map to 400 there.
/// </summary>
public static class PlatformErrorCodes
{
    public const string TenantExists = ErrorCodes.TenantExists;
    public const string VersionExists = ErrorCodes.VersionExists;
    public const string PublisherKeyExists = ErrorCodes.PublisherKeyExists;
    public const string NotFound = ErrorCodes.NotFound;
    public const string InvalidSlug = ErrorCodes.InvalidSlug;

    // ---- local -------------------------------------------------------------------------------
    /// <summary>The metadata store cannot be reached (the HTTP layer answers 503).</summary>
    public const string MetadataStoreUnavailable = "metadata_store_unavailable";
    /// <summary>The blob store cannot be reached or refuses access (503).</summary>
    public const string BlobStoreUnavailable = "blob_store_unavailable";
    /// <summary>An audit cursor that this server did not issue.</summary>
    public const string InvalidCursor = "invalid_cursor";
    /// <summary>A page size outside the allowed range.</summary>
    public const string InvalidLimit = "invalid_limit";
    /// <summary>A blob key that breaks the key rules (server-side keys only; never a client's input).</summary>
    public const string InvalidBlobKey = "invalid_blob_key";
    /// <summary>A put to a key that already holds a blob (blobs are create-only; raised as AlreadyExistsException).</summary>
    public const string BlobExists = "blob_exists";
    /// <summary>An API key row with that hash or id exists (internal; keys are random).</summary>
    public const string ApiKeyExists = "api_key_exists";
    /// <summary>A bad setting at start-up; the message names it.</summary>
    public const string InvalidConfiguration = "invalid_configuration";
    /// <summary>The database was migrated by a newer build than this one.</summary>
    public const string SchemaVersionUnknown = "schema_version_unknown";
}
