using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Actions.Egress;
using Selegic.Extensions.Platform.Secrets;

namespace Selegic.Extensions.Platform.Actions.HostActions;

/// <summary>
/// Forwards a validated host-action call to the CRM backend's callback URL: a POST whose JSON body
/// names the action, tenant, installation, extension, user and input, signed per
/// <see cref="HostActionSignature"/>, with the action's timeout. A 2xx answer's JSON body is the
/// action's output; anything else is host_action_failed, no answer in time host_action_timeout.
/// Callback URLs may point into the operator's own network (the CRM backend usually lives there),
/// but never at link-local, metadata, multicast or unspecified addresses.
/// </summary>
public sealed class HostActionForwarder : IDisposable
{
    private readonly HostActionOptions _options;
    private readonly SecretSealer _sealer;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _client;

    public HostActionForwarder(HostActionOptions options, SecretSealer sealer, TimeProvider time)
    {
        _options = options;
        _sealer = sealer;
        _time = time;
        var connector = new EgressConnector(WhyCallbackForbidden, new HashSet<int>());
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = connector.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        });
    }

    /// <summary>Callback addresses: private and loopback are fine (the CRM's own network); these are not.</summary>
    public static string? WhyCallbackForbidden(IPAddress address)
    {
        var why = AddressRules.WhyForbidden(address);
        return why is null or "a private address" or "a private (unique local) address" or "a loopback address" ? null : why;
    }

    public async Task<JsonElement> ForwardAsync(HostActionRecord action, ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            action = action.Name,
            tenantId = caller.TenantId,
            installationId = caller.InstallationId,
            extension = caller.Extension,
            user = caller.User,
            requestId = Guid.NewGuid(),
            input,
        });
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, action.CallbackUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(HostActionSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(HostActionSignature.SignatureHeader, HostActionSignature.Sign(_sealer.Open(action.SealedSigningSecret, SigningSecretContext(action.TenantId, action.Name)), timestamp, body));
        request.Headers.Add(HostActionSignature.ActionHeader, action.Name);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(action.TimeoutMilliseconds));
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token);
            var bytes = await CappedBody.ReadAsync(response.Content, _options.MaxResponseBytes,
                () => Failed($"The CRM backend's answer is larger than {_options.MaxResponseBytes} bytes."), timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw Failed($"The CRM backend answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            if (bytes.Length == 0)
                return JsonSerializer.SerializeToElement(new { });
            try
            {
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw Failed("The CRM backend's answer is not JSON.");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ActionException(ActionRefusal.UpstreamTimeout, ActionErrorCodes.HostActionTimeout,
                $"The CRM backend did not answer within {action.TimeoutMilliseconds} ms.");
        }
        catch (HttpRequestException e) when (e.InnerException is ActionException refusal)
        {
            throw Failed($"The callback address is refused: {refusal.Message}");
        }
        catch (HttpRequestException e)
        {
            throw Failed($"The CRM backend could not be reached ({e.HttpRequestError}).");
        }
    }

    /// <summary>Binds a sealed signing secret to its tenant and action name (AES-GCM associated data).</summary>
    public static SecretContext SigningSecretContext(Guid tenantId, string actionName) => new(tenantId, Guid.Empty, "host-action/" + actionName);

    private static ActionException Failed(string message) => new(ActionRefusal.Upstream, ActionErrorCodes.HostActionFailed, message);

    public void Dispose() => _client.Dispose();
}
