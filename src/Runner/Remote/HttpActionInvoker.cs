using System.Net.Http.Headers;
using System.Text;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Actions;

namespace Selegic.Extensions.Runner.Remote;

/// <summary>
/// Action calls of a Runner service: <c>POST {ActionApi}/api/actions/{name}</c> with the request's
/// token as bearer and the input as JSON body, exactly what any Action API client sends. A 2xx body
/// is the output; otherwise the problem document's <c>code</c> and <c>detail</c> are passed on.
/// </summary>
public sealed class HttpActionInvoker(HttpClient http, Uri actionApiBase) : IActionInvoker
{
    public async Task<ActionResult> InvokeAsync(ActionCall call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(call.Token))
            return ActionResult.Refused(401, "unauthorized", "No action token was minted for this request.");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(actionApiBase, $"api/actions/{Uri.EscapeDataString(call.Name)}"))
        {
            Content = new StringContent(call.InputJson, Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.Token);
        if (call.RequestId is not null) message.Headers.TryAddWithoutValidation("X-Request-Id", call.RequestId);
        HttpResponseMessage answer;
        try
        {
            answer = await http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // The exception's text names the platform's addresses; the guest gets only the kind of failure.
            return ActionResult.Refused(503, GuestActionCodes.Unavailable, $"Action {call.Name}: the Action API cannot be reached ({e.HttpRequestError}).");
        }
        using (answer)
        {
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)answer.StatusCode;
            if (answer.IsSuccessStatusCode) return new ActionResult(status, body.Length == 0 ? "null" : body);
            var (code, detail) = ProblemDocument.Read(Encoding.UTF8.GetBytes(body));
            return ActionResult.Refused(status, code ?? "action_failed", detail ?? $"The Action API answered {status}.");
        }
    }
}
