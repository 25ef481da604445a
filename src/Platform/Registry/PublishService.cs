using System.Runtime.ExceptionServices;
using System.Text;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Contracts.Naming;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>
/// The publish flow. Every check runs before anything is written; then the version's single writer
/// (<see cref="IVersionWriter"/>) stores it or refuses it as existing: of concurrent publishes of one
/// version exactly one wins, the others get version_exists. Every attempt, success or refusal, is audited.
/// </summary>
public sealed class PublishService(
    IVersionWriter versions,
    AuditLog audit,
    PublisherSignatureVerifier signatures,
    BundleLimits limits,
    IEnumerable<IPublishObserver>? observers = null)
{
    public async Task<PublishedVersion> PublishAsync(TenantRecord tenant, PublishRequest request, CancellationToken cancellationToken)
    {
        string? contentHash = null;
        string target = request.ExtensionSlug;
        PublishedVersion published;
        ExtensionManifest? manifest = null;
        try
        {
            Slug.Validate(request.ExtensionSlug);
            if (request.Bundle is not { } bundleBytes)
                throw new BundleException(ErrorCodes.BundleMissing, $"The multipart form has no file field '{PublishForm.Bundle}'.");
            if (bundleBytes.Length > limits.MaxCompressedBytes)
                throw new BundleException(ErrorCodes.ArchiveTooLarge,
                    $"The bundle is {bundleBytes.Length} bytes; the limit is {limits.MaxCompressedBytes} bytes.");

            // The checksum first: a damaged upload is reported as such, not as a broken archive.
            contentHash = ContentHash.Verify(bundleBytes.Span, request.DeclaredSha256);
            var bundle = BundleReader.Read(bundleBytes, limits, contentHash);
            manifest = bundle.Manifest;
            target = $"{manifest.Slug}@{manifest.Version}";
            if (manifest.Slug != request.ExtensionSlug)
                throw new BundleException(ErrorCodes.SlugMismatch,
                    $"The URL names extension '{request.ExtensionSlug}' but manifest.json says '{manifest.Slug}'.", "slug");
            UiFolder.CheckHandlerOutside(manifest);

            var signature = await signatures.VerifyAsync(tenant, bundleBytes, request.Signature, cancellationToken);

            if (!await versions.TryWriteAsync(new VerifiedVersion(tenant.Id, manifest.Slug, manifest.Version, manifest.Name,
                    manifest.Description, manifest.Publisher, contentHash, bundleBytes, ManifestJsonOf(bundle), signature, request.Actor),
                    cancellationToken))
                throw VersionExists(manifest.Slug, manifest.Version);
            published = new PublishedVersion(manifest.Slug, manifest.Version, contentHash);
        }
        catch (Exception refusal)
        {
            await AuditRefusalAsync(tenant, request.Actor, target, RefusalCode.Of(refusal) ?? ErrorCodes.InternalError, contentHash, refusal, cancellationToken);
            throw;
        }

        // Outside the try: the version is committed, so a failing audit write must not be recorded as a refused publish.
        await audit.RecordAsync(new AuditEvent(tenant.Id, request.Actor, AuditActions.Publish, target,
            AuditOutcome.Success, published.ContentHash), cancellationToken);
        foreach (var observer in observers ?? [])
            observer.Published(tenant.Id, published, manifest!.Runtime, manifest.Handler is not null);
        return published;
    }

    /// <summary>
    /// Audits a publish the HTTP layer refused before it could hand the request over
    /// (for example a body past the size limit).
    /// </summary>
    public Task RecordRefusalAsync(TenantRecord tenant, string actor, string extensionSlug, string code, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent(tenant.Id, actor, AuditActions.Publish, extensionSlug, AuditOutcome.Failure(code)), cancellationToken);

    private async Task AuditRefusalAsync(TenantRecord tenant, string actor, string target, string code, string? contentHash,
        Exception refusal, CancellationToken cancellationToken)
    {
        try
        {
            // Only refusals carry a message meant for users; a bug's message stays in the server log.
            if (code == ErrorCodes.InternalError)
                await audit.RecordAsync(new AuditEvent(tenant.Id, actor, AuditActions.Publish, target, AuditOutcome.Failure(code), contentHash), cancellationToken);
            else
                await audit.RecordRefusalAsync(tenant.Id, actor, AuditActions.Publish, target, code, refusal, cancellationToken, contentHash);
        }
        catch (Exception)
        {
            // The store refused the audit record too (it is down): the caller must see the
            // original refusal, not this secondary failure.
            ExceptionDispatchInfo.Capture(refusal).Throw();
        }
    }

    private static AlreadyExistsException VersionExists(string slug, string version) =>
        new(ErrorCodes.VersionExists, $"Version {version} of '{slug}' is already published; versions are immutable.");

    private static string ManifestJsonOf(Bundle bundle) =>
        Encoding.UTF8.GetString(bundle.Files[ManifestRules.FileName].Span);
}
