namespace Selegic.Extensions.Platform;

/// <summary>Error codes raised by the store, blob store, tenants and audit services.</summary>
public static class PlatformErrorCodes
{
    public const string TenantExists = "tenant_exists";
    public const string VersionExists = "version_exists";
    public const string PublisherKeyExists = "publisher_key_exists";
    public const string ApiKeyExists = "api_key_exists";
    public const string NotFound = "not_found";
    public const string InvalidSlug = "invalid_slug";
    public const string InvalidCursor = "invalid_cursor";
    public const string InvalidLimit = "invalid_limit";
    public const string InvalidBlobKey = "invalid_blob_key";
    public const string BlobStoreUnavailable = "blob_store_unavailable";
    public const string MetadataStoreUnavailable = "metadata_store_unavailable";
    public const string SchemaVersionUnknown = "schema_version_unknown";
    public const string InvalidConfiguration = "invalid_configuration";
}
