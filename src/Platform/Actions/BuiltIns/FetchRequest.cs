using System.Net;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Platform.Actions.Egress;

namespace Selegic.Extensions.Platform.Actions.BuiltIns;

/// <summary>A request header of an http.fetch; <paramref name="DescribesBody"/> for content headers (Content-Type and the like).</summary>
internal sealed record FetchHeader(string Name, string Value, bool DescribesBody);

/// <summary>
/// What one hop of an http.fetch sends: method, body and the extension's headers. Everything is
/// checked when it is read from the input, so no refusal can come after a request went out; a
/// redirect only drops parts (body, content headers, credentials), never adds any.
/// </summary>
internal sealed record FetchRequest(HttpMethod Method, byte[]? Body, IReadOnlyList<FetchHeader> Headers)
{
    public static FetchRequest From(JsonElement input, int maxRequestBytes)
    {
        var method = MethodOf(input);
        byte[]? body = input.TryGetProperty("body", out var bodyElement) ? Encoding.UTF8.GetBytes(bodyElement.GetString()!) : null;
        if (body is not null && body.Length > maxRequestBytes)
            throw new ActionException(ActionRefusal.TooLarge, ActionErrorCodes.EgressRequestTooLarge,
                $"The request body is {body.Length} bytes; http.fetch sends at most {maxRequestBytes}.", "/body");
        var headers = new List<FetchHeader>();
        if (input.TryGetProperty("headers", out var headersElement))
        {
            using var probe = new HttpRequestMessage();
            foreach (var header in headersElement.EnumerateObject())
            {
                var (name, value) = (header.Name, header.Value.GetString()!);
                if (RequestHeaderRules.WhyRefused(name, value) is { } why)
                    throw InvalidHeader(name, why);
                // A valid name the request's own headers refuse is one of .NET's content headers.
                var describesBody = !probe.Headers.TryAddWithoutValidation(name, value);
                if (describesBody && body is null)
                    throw InvalidHeader(name, $"Header '{name}' describes a body, but the request has none.");
                headers.Add(new FetchHeader(name, value, describesBody));
            }
        }
        return new FetchRequest(method, body, headers);
    }

    public static HttpMethod MethodOf(JsonElement input) =>
        input.TryGetProperty("method", out var method) ? HttpMethod.Parse(method.GetString()) : HttpMethod.Get;

    public HttpRequestMessage ToMessage(Uri url)
    {
        var message = new HttpRequestMessage(Method, url);
        if (Body is not null)
            message.Content = new ByteArrayContent(Body);
        foreach (var header in Headers)
            _ = header.DescribesBody
                ? message.Content!.Headers.TryAddWithoutValidation(header.Name, header.Value)
                : message.Headers.TryAddWithoutValidation(header.Name, header.Value);
        return message;
    }

    /// <summary>
    /// The request to send to <paramref name="to"/> after a <paramref name="status"/> redirect from
    /// <paramref name="from"/>: 303, and 301/302 after a POST, become a GET without body or content
    /// headers (HEAD stays HEAD); 307/308 keep method and body; credentials stay with their origin.
    /// </summary>
    public FetchRequest Redirected(HttpStatusCode status, Uri from, Uri to)
    {
        var request = this;
        var becomesGet = (status == HttpStatusCode.SeeOther && Method != HttpMethod.Head)
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && Method == HttpMethod.Post);
        if (becomesGet)
            request = new FetchRequest(HttpMethod.Get, null, [.. Headers.Where(h => !h.DescribesBody)]);
        if (Uri.Compare(from, to, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
            request = request with { Headers = [.. request.Headers.Where(h => !RequestHeaderRules.IsCredential(h.Name))] };
        return request;
    }

    private static ActionException InvalidHeader(string name, string message) =>
        new(ActionRefusal.BadInput, ActionErrorCodes.InputInvalid, message, "/headers/" + Schema.JsonPointer.Escape(name));
}
