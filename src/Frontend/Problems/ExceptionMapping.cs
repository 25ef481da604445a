using System.Text.Json;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>Which status, code and client-safe detail an exception becomes. Never leaks stack traces.</summary>
public static class ExceptionMapping
{
    public static (int Status, string Code, string Detail) Map(Exception? exception) => exception switch
    {
        BundleException refusal => (ErrorStatus.For(refusal.Code), refusal.Code, refusal.Message),
        // Refusals and unreachable stores (503) keep their code; control-plane faults are internal errors.
        PlatformException refusal when ErrorStatus.For(refusal.Code) != StatusCodes.Status500InternalServerError =>
            (ErrorStatus.For(refusal.Code), refusal.Code, refusal.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, ErrorCodes.PayloadTooLarge, "The request body is larger than the server accepts."),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (415, ErrorCodes.UnsupportedMediaType, "The request's content type is not accepted on this route."),
        JsonException json => (400, ErrorCodes.ValidationFailed, BindingProblem.Describe(json)),
        BadHttpRequestException bad => (bad.StatusCode, ErrorCodes.ValidationFailed, BindingProblem.Describe(bad)),
        // The database dropped or refused the connection (restart, failover, network): try again, not a bug.
        System.Data.Common.DbException { IsTransient: true } =>
            (503, PlatformErrorCodes.MetadataStoreUnavailable, "The metadata store cannot be reached; try again shortly."),
        InvalidDataException =>
            (400, ErrorCodes.ValidationFailed, "The multipart request body is malformed."),
        _ => (500, ErrorCodes.InternalError, "The server failed to process the request."),
    };
}
