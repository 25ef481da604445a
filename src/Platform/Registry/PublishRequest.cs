namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// One publish attempt as the caller sent it, before any check. Fields the caller left out are
/// null: the registry turns them into the matching refusal (and audits it) like any other.
/// </summary>
/// <param name="ExtensionSlug">the slug the caller addressed (must equal the manifest's)</param>
/// <param name="Bundle">the bundle bytes (.tar.gz), or null when no bundle was sent</param>
/// <param name="DeclaredSha256">the checksum the publisher computed, with or without "sha256:"</param>
/// <param name="Signature">optional signature text over the bundle (see Contracts' BundleSignature)</param>
/// <param name="Actor">who publishes, as recorded in the audit log</param>
public sealed record PublishRequest(
    string ExtensionSlug,
    ReadOnlyMemory<byte>? Bundle,
    string? DeclaredSha256,
    string? Signature,
    string Actor);

/// <summary>The version a successful publish created.</summary>
public sealed record PublishedVersion(string Slug, string Version, string ContentHash);
