namespace Selegic.Extensions.Frontend.Problems;

/// <summary>
/// Codes for refusals that only the HTTP layer can produce (routing, framing, limits).
/// Domain refusals use Contracts' ErrorCodes.
/// </summary>
public static class HttpErrorCodes
{
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string BadRequest = "bad_request";
    public const string MalformedMultipart = "malformed_multipart";
    public const string MalformedJson = "malformed_json";
    public const string InternalError = "internal_error";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotReady = "not_ready";
}
