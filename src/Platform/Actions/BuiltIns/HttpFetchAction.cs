using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Platform.Actions.Egress;
using Selegic.Extensions.Platform.Actions.Schema;

namespace Selegic.Extensions.Platform.Actions.BuiltIns;

/// <summary>
/// <c>http.fetch</c>: an outbound HTTP request to a host in the manifest's <c>egress</c> list.
/// Every hop (redirects are followed here, not by the handler) is checked against the list, and the
/// connection goes only to addresses <see cref="EgressConnector"/> vetted after its own DNS lookup.
/// Caps: total time, request body and response body size, number of redirects. What the request
/// may carry, and what survives a redirect, is <see cref="FetchRequest"/>'s.
/// </summary>
public sealed class HttpFetchAction : IBuiltInAction, IDisposable
{
    private readonly FetchOptions _options;
    private readonly ManifestEgress _egress;
    private readonly HttpMessageInvoker _client;

    public HttpFetchAction(FetchOptions options, ManifestEgress egress, ILogger<HttpFetchAction> logger)
    {
        if (options.TestOnlyAllowedLoopbackPorts.Length > 0)
            logger.LogWarning("http.fetch may reach 127.0.0.1 on ports {Ports} (Extensions:Actions:Fetch:TestOnlyAllowedLoopbackPorts): a test-only setting, never for production",
                string.Join(", ", options.TestOnlyAllowedLoopbackPorts));
        _options = options;
        _egress = egress;
        var connector = new EgressConnector(AddressRules.WhyForbidden, options.TestOnlyAllowedLoopbackPorts.ToHashSet());
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false, // a proxy would make the connect-time address check meaningless
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64, // KiB
            // No traceparent/tracestate/baggage of the platform's: its trace ids are internal (and on the
            // gateway path the ambient activity may not even be this request's). An extension that
            // wants tracing sends its own traceparent header.
            ActivityHeadersPropagator = null,
        });
    }

    public ActionDefinition Definition { get; } = new(
        BuiltInActionNames.HttpFetch,
        "Sends an HTTP request to a host listed in the manifest's egress; returns status, headers and body.",
        BuiltInCapabilities.HttpFetch,
        JsonSchema.Parse("""
            {
              "type": "object",
              "additionalProperties": false,
              "required": ["url"],
              "properties": {
                "url": { "type": "string", "minLength": 1, "maxLength": 2048 },
                "method": { "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] },
                "headers": { "type": "object", "maxProperties": 32, "additionalProperties": { "type": "string", "maxLength": 4096 } },
                "body": { "type": "string" }
              }
            }
            """),
        Mutating: true,
        ActionSource.BuiltIn);

    public string AuditTarget(JsonElement input) =>
        Uri.TryCreate(input.GetProperty("url").GetString(), UriKind.Absolute, out var url) ? $"{FetchRequest.MethodOf(input)} {url.Host}" : "http.fetch";

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var egress = await _egress.GetAsync(caller.TenantId, caller.Extension, caller.Version, cancellationToken);
        var request = FetchRequest.From(input, _options.MaxRequestBytes);
        var url = CheckUrl(input.GetProperty("url").GetString()!, egress, "/url");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var message = request.ToMessage(url);
                using var response = await SendAsync(message, timeout.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects)
                        throw new ActionException(ActionRefusal.Upstream, ActionErrorCodes.EgressTooManyRedirects,
                            $"More than {_options.MaxRedirects} redirects.");
                    var next = CheckUrl(new Uri(url, location).AbsoluteUri, egress, null);
                    request = request.Redirected(response.StatusCode, url, next);
                    url = next;
                    continue;
                }
                return await ReadResponseAsync(response, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ActionException(ActionRefusal.UpstreamTimeout, ActionErrorCodes.EgressTimeout,
                $"The request did not complete within {_options.TimeoutSeconds} seconds.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            throw refusal;
        }
        catch (HttpRequestException e)
        {
            throw new ActionException(ActionRefusal.Upstream, ActionErrorCodes.EgressFailed,
                $"The request to {request.RequestUri!.Host} failed: {e.HttpRequestError}.");
        }
    }

    private async Task<JsonElement> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await CappedBody.ReadAsync(response.Content, _options.MaxResponseBytes, TooLarge, cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key.ToLowerInvariant()).ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)));
        var output = new Dictionary<string, object?>
        {
            ["status"] = (int)response.StatusCode,
            ["headers"] = headers,
        };
        if (IsText(response.Content.Headers.ContentType))
            output["body"] = Encoding.UTF8.GetString(bytes);
        else
            output["bodyBase64"] = Convert.ToBase64String(bytes);
        return JsonSerializer.SerializeToElement(output);
    }

    private ActionException TooLarge() => new(ActionRefusal.Upstream, ActionErrorCodes.EgressResponseTooLarge,
        $"The response body is larger than http.fetch accepts ({_options.MaxResponseBytes} bytes).");

    /// <summary>The URL if it is http(s), without credentials, to a host the egress list allows; else a refusal.</summary>
    private static Uri CheckUrl(string text, IReadOnlyList<string> egress, string? pointer)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ActionException(ActionRefusal.BadInput, ActionErrorCodes.EgressUrlInvalid, "The URL must be an absolute http or https URL.", pointer);
        if (url.UserInfo.Length > 0)
            throw new ActionException(ActionRefusal.BadInput, ActionErrorCodes.EgressUrlInvalid, "The URL may not carry credentials.", pointer);
        var host = url.IdnHost;
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            var address = IPAddress.Parse(host.Trim('[', ']'));
            if (AddressRules.WhyForbidden(address) is { } why)
                throw EgressConnector.Forbidden($"{address} is {why}; outbound calls may not reach it.");
            throw new ActionException(ActionRefusal.Forbidden, ActionErrorCodes.EgressHostNotAllowed,
                "Egress is allowed to named hosts only (the manifest's egress list), not to IP addresses.");
        }
        if (AddressRules.IsMetadataHostName(host))
            throw EgressConnector.Forbidden($"'{host}' is a cloud metadata service.");
        if (!egress.Any(entry => ManifestRules.EgressAllows(entry, host)))
            throw new ActionException(ActionRefusal.Forbidden, ActionErrorCodes.EgressHostNotAllowed,
                $"Host '{host}' is not in the manifest's egress list.", pointer);
        return url;
    }

    private static ActionException? FindRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is ActionException refusal)
                return refusal;
        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsText(MediaTypeHeaderValue? contentType)
    {
        var media = contentType?.MediaType ?? "";
        return media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || media.Contains("json", StringComparison.OrdinalIgnoreCase)
            || media.Contains("xml", StringComparison.OrdinalIgnoreCase) || media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _client.Dispose();
}
