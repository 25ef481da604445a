namespace Selegic.Extensions.Contracts.Errors;

/// <summary>
/// Stable, machine-readable error codes (snake_case). They appear as the <c>code</c> member of every
/// problem document the server returns and in every <see cref="BundleException"/>. Never rename one:
/// clients (the CLI, CRM backends) branch on them. <see cref="ErrorCatalog"/> gives each its HTTP
/// status and a human hint (cause and fix).
/// </summary>
public static class ErrorCodes
{
    // ---- HTTP level -------------------------------------------------------------------------
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string ValidationFailed = "validation_failed";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string ServiceUnavailable = "service_unavailable";

    // ---- tenants, names, versions -----------------------------------------------------------
    public const string TenantExists = "tenant_exists";
    public const string InvalidSlug = "invalid_slug";
    public const string InvalidVersion = "invalid_version";
    public const string VersionExists = "version_exists";
    public const string SlugMismatch = "slug_mismatch";

    // ---- publish request --------------------------------------------------------------------
    public const string BundleMissing = "bundle_missing";
    public const string ChecksumMissing = "checksum_missing";
    public const string ChecksumInvalid = "checksum_invalid";
    public const string ChecksumMismatch = "checksum_mismatch";

    // ---- signatures and publisher keys ------------------------------------------------------
    public const string SignatureRequired = "signature_required";
    public const string SignatureMalformed = "signature_malformed";
    public const string SignatureInvalid = "signature_invalid";
    public const string UnknownPublisherKey = "unknown_publisher_key";
    public const string PublisherKeyInvalid = "publisher_key_invalid";
    public const string PublisherKeyExists = "publisher_key_exists";
    public const string PrivateKeyInvalid = "private_key_invalid";

    // ---- installations, secrets and extension tokens ----------------------------------------
    public const string InstallationNotFound = "installation_not_found";
    public const string InstallationExists = "installation_exists";
    public const string InstallationConflict = "installation_conflict";
    public const string InstallationDisabled = "installation_disabled";
    public const string VersionNotFound = "version_not_found";
    public const string GrantsNotInManifest = "grants_not_in_manifest";
    public const string GrantsInvalid = "grants_invalid";
    public const string ConfigInvalid = "config_invalid";
    public const string SecretsInvalid = "secrets_invalid";
    public const string TokenTtlInvalid = "token_ttl_invalid";
    public const string TokenUserInvalid = "token_user_invalid";
    public const string JtiInvalid = "jti_invalid";
    public const string TokenMissing = "token_missing";
    public const string TokenInvalid = "token_invalid";
    public const string TokenExpired = "token_expired";
    public const string TokenWrongAudience = "token_wrong_audience";
    public const string TokenRevoked = "token_revoked";

    // ---- archive (the .tar.gz itself) -------------------------------------------------------
    public const string ArchiveEmpty = "archive_empty";
    public const string ArchiveTooLarge = "archive_too_large";
    public const string ArchiveNotGzip = "archive_not_gzip";
    public const string ArchiveCorrupt = "archive_corrupt";
    public const string ArchiveTruncated = "archive_truncated";
    public const string ArchiveNotTar = "archive_not_tar";
    public const string ArchiveMalformedHeader = "archive_malformed_header";
    public const string ArchiveTrailingData = "archive_trailing_data";
    public const string ArchiveTooManyEntries = "archive_too_many_entries";
    public const string ArchiveFileTooLarge = "archive_file_too_large";
    public const string ArchiveUnpackedTooLarge = "archive_unpacked_too_large";
    public const string ArchiveCompressionRatio = "archive_compression_ratio";
    public const string ArchiveAbsolutePath = "archive_absolute_path";
    public const string ArchivePathTraversal = "archive_path_traversal";
    public const string ArchiveInvalidPath = "archive_invalid_path";
    public const string ArchiveHiddenPath = "archive_hidden_path";
    public const string ArchiveDuplicateEntry = "archive_duplicate_entry";
    public const string ArchiveSymlink = "archive_symlink";
    public const string ArchiveHardLink = "archive_hard_link";
    public const string ArchiveDevice = "archive_device";
    public const string ArchiveFifo = "archive_fifo";
    public const string ArchiveUnsupportedEntry = "archive_unsupported_entry";

    // ---- manifest and bundle content --------------------------------------------------------
    public const string ManifestMissing = "manifest_missing";
    public const string ManifestTooLarge = "manifest_too_large";
    public const string ManifestInvalidJson = "manifest_invalid_json";
    public const string ManifestUnknownField = "manifest_unknown_field";
    public const string ManifestInvalid = "manifest_invalid";
    public const string HandlerMissing = "handler_missing";
    public const string HandlerNotWasm = "handler_not_wasm";
    public const string UiEntryMissing = "ui_entry_missing";
    public const string UiFolderContainsHandler = "ui_folder_contains_handler";
}
