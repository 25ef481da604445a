using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;

namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// HTTP access to the platform's REST API for one tenant. Every failure becomes a
/// <see cref="CliException"/>: unreachable server -> exit 5; any non-2xx answer -> exit 4 with the
/// problem document's `code` and a hint from <see cref="ServerErrorHints"/>.
/// </summary>
public sealed class ScrmApiClient : IDisposable
{
    private readonly HttpClient http;

    public ScrmApiClient(ServerConnection connection)
    {
        Connection = connection;
        http = new HttpClient { BaseAddress = connection.Server, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
    }

    public ServerConnection Connection { get; }

    /// <summary>`api/v1/tenants/{tenant}/{segments...}` relative to the server URL, each segment escaped.</summary>
    public string TenantPath(params string[] segments) =>
        "api/v1/tenants/" + Uri.EscapeDataString(Connection.Tenant) + "/" + string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>
    /// A cheap authenticated read of this tenant (its settings, behind the same key check as every
    /// tenant route), so a wrong key or tenant fails with the server's own 401/403 before a large upload.
    /// </summary>
    public Task CheckAccessAsync(CancellationToken cancellation) =>
        GetAsync<TenantSettingsDto>(TenantPath("settings"), cancellation);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync<T>(request, cancellation);
    }

    public async Task<T> PostJsonAsync<T>(string path, object body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body, body.GetType(), options: CliOutput.JsonOptions),
        };
        return await SendAsync<T>(request, cancellation);
    }

    public async Task<T> PostAsync<T>(string path, HttpContent content, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        return await SendAsync<T>(request, cancellation);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellation)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e.InnerException as SocketException is { } socket ? socket.Message : e.Message);
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode) throw Refusal((int)response.StatusCode, body);
            try
            {
                return JsonSerializer.Deserialize<T>(body, CliOutput.JsonOptions)
                    ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                throw new CliException(ExitCodes.ServerRefusal, "unexpected_response",
                    $"The server answered {(int)response.StatusCode} with a body this CLI does not understand ({e.Message}).",
                    "Check that --server points at the extensions platform and that the CLI and server versions match.",
                    (int)response.StatusCode);
            }
        }
    }

    private CliException Unreachable(string reason) =>
        new(ExitCodes.Network, "server_unreachable", $"Could not reach {Connection.Server}: {reason}.",
            $"Check --server / {CliEnvironment.ServerUrlVariable}, that the server is running, and your network or proxy.");

    /// <summary>Reads an RFC 9457 problem document; tolerates any other body.</summary>
    public static CliException Refusal(int status, string body)
    {
        string? code = null, title = null, detail = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = StringMember(document.RootElement, "code");
                title = StringMember(document.RootElement, "title");
                detail = StringMember(document.RootElement, "detail");
            }
        }
        catch (JsonException)
        {
            // not a problem document (a proxy's HTML page, say): fall back to the status alone
        }
        code ??= $"http_{status}";
        var message = detail ?? title ?? (string.IsNullOrWhiteSpace(body) ? $"HTTP {status}" : Truncate(body.Trim(), 300));
        return new CliException(ExitCodes.ServerRefusal, code, message, ServerErrorHints.For(code, status), status);
    }

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "...";

    public void Dispose() => http.Dispose();
}
