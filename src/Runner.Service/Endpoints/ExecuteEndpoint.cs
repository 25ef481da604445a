using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Remote;

namespace Selegic.Extensions.Runner.Service.Endpoints;

/// <summary>
/// <c>POST /v1/execute</c>: a signed <see cref="ExecuteRequest"/> in, an <see cref="ExecuteResponse"/>
/// out (200 even when the handler failed: the code is in the body). 401 runner_unauthorized for a
/// bad signature, 400 request_invalid for a body that is not an execute request, 413 when too large.
/// </summary>
public static class ExecuteEndpoint
{
    public static void MapExecute(this WebApplication app) =>
        app.MapPost(RunnerWire.ExecutePath, async (HttpContext http, RunnerRequestSignature signature, LocalRunner runner) =>
        {
            byte[] body;
            try
            {
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Problem(413, RunnerCodes.RequestTooLarge, $"Execute requests are limited to {RunnerWire.MaxExecuteRequestBytes} bytes.");
            }
            if (!signature.Verify(http.Request.Headers[RunnerRequestSignature.HeaderName], "POST", RunnerWire.ExecutePath, body))
                return Problem(401, RunnerCodes.RunnerUnauthorized, "Missing, stale or wrong Runner signature.");

            ExecuteRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<ExecuteRequest>(body, RunnerWire.Json);
            }
            catch (JsonException e)
            {
                return Problem(400, RunnerCodes.RequestInvalid, $"The body is not an execute request: {e.Message}");
            }
            if (request is null) return Problem(400, RunnerCodes.RequestInvalid, "The body is not an execute request.");
            var response = await runner.ExecuteAsync(request, http.RequestAborted);
            return Results.Json(response, RunnerWire.Json);
        });

    private static IResult Problem(int status, string code, string detail) =>
        Results.Json(new { type = "about:blank", title = code, status, detail, code }, RunnerWire.Json, "application/problem+json", status);
}
