using System.Collections.Frozen;
using static Selegic.Extensions.Contracts.Errors.ErrorCodes;

namespace Selegic.Extensions.Contracts.Errors;

/// <summary>What a client should know about one error code.</summary>
/// <param name="Code">the stable code</param>
/// <param name="Status">the HTTP status the server answers with</param>
/// <param name="Title">a short, constant summary (the problem document's <c>title</c>)</param>
/// <param name="Hint">likely cause and fix, printed by the CLI next to the server's message</param>
public sealed record ErrorInfo(string Code, int Status, string Title, string Hint);

/// <summary>The single table of every error code: HTTP status, title and hint.</summary>
public static class ErrorCatalog
{
    private static readonly FrozenDictionary<string, ErrorInfo> Entries = new ErrorInfo[]
    {
        new(Unauthorized, 401, "Missing or invalid API key",
            "Send 'Authorization: Bearer KEY'. For the CLI set SCRM_API_KEY to a tenant admin key."),
        new(Forbidden, 403, "Not allowed",
            "The key is valid but belongs to another tenant or lacks the role; use a key of this tenant."),
        new(NotFound, 404, "Not found",
            "Check the tenant, extension slug and version in the URL (scrm extension versions lists them)."),
        new(MethodNotAllowed, 405, "Method not allowed", "This route does not accept that HTTP method."),
        new(PayloadTooLarge, 413, "Request too large",
            "The request body exceeds the server's limit; shrink the bundle (see docs/manifest.md, limits)."),
        new(UnsupportedMediaType, 415, "Unsupported media type",
            "Publish uses multipart/form-data with the fields bundle, sha256 and optionally signature."),
        new(ValidationFailed, 400, "Invalid request", "The request body does not match the API; see the message."),
        new(RateLimited, 429, "Too many requests", "Wait for the time given in Retry-After and try again."),
        new(InternalError, 500, "Internal error", "A server fault; retry, and report it with the request id if it persists."),
        new(ServiceUnavailable, 503, "Service unavailable", "The metadata or blob store is unreachable; retry later."),

        new(TenantExists, 409, "Tenant exists", "A tenant with this slug already exists; pick another slug."),
        new(InvalidSlug, 400, "Invalid slug",
            "Slugs are 2-63 characters: lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen."),
        new(InvalidVersion, 400, "Invalid version",
            "Use a semantic version MAJOR.MINOR.PATCH[-prerelease] (semver 2.0.0) without leading zeros and without +build metadata, e.g. 1.2.0 or 1.3.0-beta.1."),
        new(VersionExists, 409, "Version exists",
            "Versions are immutable: this slug and version are already published. Bump 'version' in manifest.json and publish again."),
        new(SlugMismatch, 400, "Slug mismatch",
            "The slug in the URL (or --slug / package.json) differs from manifest.json's 'slug'; make them equal."),

        new(BundleMissing, 400, "Bundle missing", "The multipart form needs a file field named 'bundle' holding the .tar.gz."),
        new(ChecksumMissing, 400, "Checksum missing", "The multipart form needs a field 'sha256' with the bundle's SHA-256."),
        new(ChecksumInvalid, 400, "Checksum malformed",
            "'sha256' must be 64 hexadecimal digits, optionally prefixed with 'sha256:'."),
        new(ChecksumMismatch, 400, "Checksum mismatch",
            "The uploaded bytes do not hash to the declared sha256: the upload was corrupted or the wrong file was sent. Re-pack and publish again; do not edit the bundle after computing its hash."),

        new(SignatureRequired, 400, "Signature required",
            "This tenant requires signed bundles: sign with 'scrm extension sign --key KEY.pem' and publish with the signature."),
        new(SignatureMalformed, 400, "Signature malformed",
            "A signature is '<keyId>:<base64>' (or bare base64) of an ECDSA P-256 signature over the bundle; produce it with 'scrm extension sign'."),
        new(SignatureInvalid, 400, "Signature invalid",
            "The signature does not verify: the bundle changed after signing or a different key signed it. Sign the exact bytes you publish."),
        new(UnknownPublisherKey, 400, "Unknown publisher key",
            "The signature names a key id this tenant has not registered; add the public key with 'scrm keys add PUBLIC.pem'."),
        new(PublisherKeyInvalid, 400, "Publisher key invalid",
            "A publisher key is a PEM 'PUBLIC KEY' (SubjectPublicKeyInfo) of an ECDSA P-256 key, as written by 'scrm keys generate'."),
        new(PublisherKeyExists, 409, "Publisher key exists", "This public key is already registered for the tenant."),
        new(PrivateKeyInvalid, 400, "Private key invalid",
            "Signing needs a PEM ECDSA P-256 private key ('PRIVATE KEY' or 'EC PRIVATE KEY'), as written by 'scrm keys generate'."),

        new(InstallationNotFound, 404, "Installation not found",
            "This tenant has no active installation with that id; list them with GET .../installations."),
        new(InstallationExists, 409, "Installation exists",
            "The tenant already has an active installation of this extension: change its version instead, or uninstall it first."),
        new(InstallationConflict, 409, "Installation changed concurrently",
            "Another request changed this installation at the same time; read it again and retry."),
        new(InstallationDisabled, 409, "Installation disabled", "Enable the installation before minting tokens for it."),
        new(VersionNotFound, 404, "Version not found",
            "The tenant has no published version with that extension slug and version; publish it first (scrm extension publish)."),
        new(GrantsNotInManifest, 400, "Grants not declared",
            "Grants must be a subset of the capabilities the version's manifest.json declares; the message names the extra ones."),
        new(GrantsInvalid, 400, "Invalid grants", "grants is an array of distinct capability names such as \"cap:storage.kv\"."),
        new(ConfigInvalid, 400, "Invalid config", "config is a JSON object of at most 64 KiB."),
        new(SecretsInvalid, 400, "Invalid secrets",
            "secrets is an object of at most 32 names ([A-Za-z0-9_.-], up to 64 characters) to non-empty strings of at most 8 KiB."),
        new(TokenTtlInvalid, 400, "Invalid token lifetime", "ttlSeconds must be between 1 and 900 (15 minutes); the default is 300."),
        new(TokenUserInvalid, 400, "Invalid user", "user is the CRM user id the token acts for: 1-128 printable characters."),
        new(JtiInvalid, 400, "Invalid token id", "jti is the token id from the mint answer (1-128 printable characters)."),
        new(TokenMissing, 401, "Token missing", "Send the extension token as 'Authorization: Bearer TOKEN'."),
        new(TokenInvalid, 401, "Token invalid",
            "The token is malformed or its signature does not verify (unknown key id or altered token); mint a new one."),
        new(TokenExpired, 401, "Token expired", "Extension tokens live at most 15 minutes; mint a new one."),
        new(TokenWrongAudience, 401, "Wrong token audience", "This token was not minted for the Action API."),
        new(TokenRevoked, 401, "Token revoked",
            "The token, or all tokens of its installation, were revoked (also by disabling, uninstalling, or changing version or grants); mint a new one."),

        new(ArchiveEmpty, 400, "Empty bundle", "The bundle has no bytes; pack it with 'scrm extension pack'."),
        new(ArchiveTooLarge, 413, "Bundle too large", "The compressed bundle exceeds the size limit; remove unneeded files."),
        new(ArchiveNotGzip, 400, "Not gzip", "A bundle is a gzip-compressed tar (.tar.gz); pack it with 'scrm extension pack'."),
        new(ArchiveCorrupt, 400, "Corrupt gzip", "The gzip data is damaged (bad CRC or deflate data); re-pack and upload again."),
        new(ArchiveTruncated, 400, "Truncated bundle", "The bundle ends early: the upload or the file was cut off. Re-pack and upload again."),
        new(ArchiveNotTar, 400, "Not a tar archive", "The gzip stream does not hold a tar archive; pack it with 'scrm extension pack'."),
        new(ArchiveMalformedHeader, 400, "Malformed tar header", "A tar header is damaged or uses an unsupported encoding; re-pack with 'scrm extension pack'."),
        new(ArchiveTrailingData, 400, "Data after the archive", "Non-zero bytes follow the tar end-of-archive marker; re-pack the bundle."),
        new(ArchiveTooManyEntries, 400, "Too many entries", "The bundle has more files and directories than allowed; bundle fewer files."),
        new(ArchiveFileTooLarge, 400, "File too large", "A file in the bundle exceeds the per-file limit."),
        new(ArchiveUnpackedTooLarge, 400, "Unpacked size too large", "The files of the bundle together exceed the unpacked-size limit."),
        new(ArchiveCompressionRatio, 400, "Compression ratio too high", "The bundle expands far more than real content does (a decompression bomb?)."),
        new(ArchiveAbsolutePath, 400, "Absolute path", "Entries must be relative paths ('ui/index.html'), never '/x' or 'C:x'."),
        new(ArchivePathTraversal, 400, "Path traversal", "An entry path contains a '..' segment; bundles may not reach outside themselves."),
        new(ArchiveInvalidPath, 400, "Invalid path",
            "Entry paths use '/' separators, no backslashes, colons, control characters, empty or '.' segments, at most 255 bytes and 32 levels."),
        new(ArchiveHiddenPath, 400, "Hidden path", "Dotfiles and hidden directories (.git, .env, ...) are not allowed in bundles; 'scrm extension pack' leaves them out."),
        new(ArchiveDuplicateEntry, 400, "Duplicate entry", "Two entries have the same path (compared case-insensitively) or a file clashes with a directory."),
        new(ArchiveSymlink, 400, "Symbolic link", "Bundles may only hold regular files and directories; replace the link with the file."),
        new(ArchiveHardLink, 400, "Hard link", "Bundles may only hold regular files and directories; replace the link with the file."),
        new(ArchiveDevice, 400, "Device entry", "Character and block devices are not allowed in bundles."),
        new(ArchiveFifo, 400, "FIFO entry", "Named pipes are not allowed in bundles."),
        new(ArchiveUnsupportedEntry, 400, "Unsupported entry", "The tar entry type is not supported; bundles hold regular files and directories only."),

        new(ManifestMissing, 400, "Manifest missing", "The bundle needs a manifest.json at its root (not in a sub-directory)."),
        new(ManifestTooLarge, 400, "Manifest too large", "manifest.json exceeds its size limit."),
        new(ManifestInvalidJson, 400, "Manifest is not valid JSON", "manifest.json must be one UTF-8 JSON object, without comments or trailing commas."),
        new(ManifestUnknownField, 400, "Unknown manifest field", "Remove the named field or fix its spelling; docs/manifest.md lists every field."),
        new(ManifestInvalid, 400, "Invalid manifest", "Fix the named field; docs/manifest.md describes every field and its rules."),
        new(HandlerMissing, 400, "Handler missing", "manifest.json 'handler' names a file the bundle does not contain; build the handler before packing."),
        new(HandlerNotWasm, 400, "Handler is not WebAssembly", "The handler file does not start with the WebAssembly magic '\\0asm'; point 'handler' at the compiled .wasm."),
        new(UiEntryMissing, 400, "UI entry missing", "manifest.json 'ui.entry' names a file the bundle does not contain; build the UI before packing."),
        new(UiFolderContainsHandler, 400, "UI folder holds the handler",
            "Every file in the folder of 'ui.entry' is a UI file browsers may load; keep the UI in a folder of its own (e.g. ui/index.html) and the handler outside it."),
    }.ToFrozenDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>Every known code.</summary>
    public static IReadOnlyCollection<ErrorInfo> All => Entries.Values;

    /// <summary>The entry for <paramref name="code"/>, or null for a code this version does not know.</summary>
    public static ErrorInfo? Find(string code) => Entries.GetValueOrDefault(code);

    /// <summary>The HTTP status for <paramref name="code"/>; 400 for unknown codes.</summary>
    public static int StatusFor(string code) => Find(code)?.Status ?? 400;

    /// <summary>A human hint for <paramref name="code"/>, or null.</summary>
    public static string? HintFor(string code) => Find(code)?.Hint;
}
