using System.Text.Json;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>Which status, code and client-safe detail an exception becomes. Never leaks stack traces.</summary>
public static class ExceptionMapping
{
    public static (int Status, string Code, string Detail) Map(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, HttpErrorCodes.PayloadTooLarge, "The request body is larger than the server accepts."),
        BadHttpRequestException { InnerException: JsonException } =>
            (400, HttpErrorCodes.MalformedJson, "The request body is not valid JSON for this route."),
        BadHttpRequestException bad =>
            (bad.StatusCode, HttpErrorCodes.BadRequest, bad.Message),
        JsonException =>
            (400, HttpErrorCodes.MalformedJson, "The request body is not valid JSON for this route."),
        InvalidDataException =>
            (400, HttpErrorCodes.MalformedMultipart, "The multipart request body is malformed."),
        _ => (500, HttpErrorCodes.InternalError, "The server failed to process the request."),
    };
}
