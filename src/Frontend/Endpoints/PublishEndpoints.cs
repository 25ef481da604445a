using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Operations;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Registry;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>
/// <c>POST /api/v1/tenants/{tenant}/extensions/{slug}/versions</c>, multipart/form-data with
/// <c>bundle</c> (file), <c>sha256</c> and optional <c>signature</c>. This endpoint only unpacks
/// the form; every check and the audit record belong to <see cref="PublishService"/>.
/// </summary>
public static class PublishEndpoints
{
    public static void Map(RouteGroupBuilder tenant) => tenant.MapPost("/extensions/{slug}/versions", PublishAsync)
        .RecordOutcomes((services, status, code) => services.GetRequiredService<ControlPlaneMetrics>().Published(status, code));

    private static async Task<IResult> PublishAsync(string slug, HttpContext context, PublishService registry, CancellationToken cancellationToken)
    {
        var tenant = TenantAccess.Tenant(context);
        var actor = context.Caller().ActorName;

        var (form, refusal) = await ReadFormAsync(context.Request, cancellationToken);
        if (refusal is { } code)
        {
            await registry.RecordRefusalAsync(tenant, actor, slug, code, cancellationToken);
            return Problem.For(code, FormRefusalDetail(code));
        }

        var file = form!.Files.GetFile(PublishForm.Bundle);
        // Keep "no file" distinct from an empty file: null must not become an empty ReadOnlyMemory.
        ReadOnlyMemory<byte>? bundle = file is null ? (ReadOnlyMemory<byte>?)null : await ReadAllAsync(file, cancellationToken);
        var published = await registry.PublishAsync(tenant, new PublishRequest(
            slug, bundle, form[PublishForm.Sha256].FirstOrDefault(), NullIfEmpty(form[PublishForm.Signature].FirstOrDefault()), actor),
            cancellationToken);

        return Results.Created(
            $"/api/v1/tenants/{tenant.Slug}/extensions/{published.Slug}/versions/{published.Version}",
            new PublishResponse(published.Slug, published.Version, published.ContentHash));
    }

    private static async Task<(IFormCollection? Form, string? Refusal)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return (null, ErrorCodes.UnsupportedMediaType);
        try
        {
            return (await request.ReadFormAsync(cancellationToken), null);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ErrorCodes.PayloadTooLarge);
        }
        catch (Exception broken) when (broken is InvalidDataException or IOException)
        {
            // Broken multipart framing (missing boundary, a body that ends mid-part).
            return (null, ErrorCodes.ValidationFailed);
        }
    }

    private static string FormRefusalDetail(string code) => code switch
    {
        ErrorCodes.UnsupportedMediaType => "Publish expects multipart/form-data with the fields bundle, sha256 and optionally signature.",
        ErrorCodes.PayloadTooLarge => "The request body is larger than the server accepts.",
        _ => "The multipart request body is malformed.",
    };

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
