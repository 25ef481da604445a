using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Installations;

/// <summary>Requests of the installation and token API, so tests read as what they do.</summary>
public static class InstallationApi
{
    public const string SelfCheck = "/api/extension-token";

    public static string Installations(string tenant, string rest = "") => Api.TenantRoute(tenant, "/installations" + rest);

    public static string Installation(string tenant, Guid id, string rest = "") => Installations(tenant, $"/{id}{rest}");

    /// <summary>Publishes a UI-only version declaring <paramref name="capabilities"/>.</summary>
    public static async Task PublishAsync(this HttpClient client, string tenant, string slug, string version, params string[] capabilities)
    {
        var manifest = TestBundles.ManifestJson(slug, version, m => m["capabilities"] = capabilities);
        var bundle = TestBundles.Files(
            ("manifest.json", Encoding.UTF8.GetBytes(manifest)),
            ("ui/index.html", Encoding.UTF8.GetBytes($"<!doctype html><title>{slug}</title>")));
        using var response = await client.PublishAsync(tenant, slug, bundle);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string route, object? body) =>
        client.PostAsync(route, body is null ? null : JsonContent.Create(body));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string route, object body) =>
        client.PutAsync(route, JsonContent.Create(body));

    public static async Task<InstallationDto> InstallAsync(this HttpClient client, string tenant, object body)
    {
        using var response = await client.PostJsonAsync(Installations(tenant), body);
        return await response.ReadAsync<InstallationDto>(HttpStatusCode.Created);
    }

    public static async Task<MintedTokenResponse> MintAsync(this HttpClient client, string tenant, Guid installation, string user = "u-42", int? ttlSeconds = null)
    {
        using var response = await client.PostJsonAsync(Installation(tenant, installation, "/tokens"), new { user, ttlSeconds });
        return await response.ReadAsync<MintedTokenResponse>();
    }

    public static async Task<IReadOnlyList<InstallationDto>> ListAsync(this HttpClient client, string tenant)
    {
        using var response = await client.GetAsync(Installations(tenant));
        return (await response.ReadAsync<ListResponse<InstallationDto>>()).Items;
    }

    /// <summary>The token judged by the server (GET /api/extension-token).</summary>
    public static async Task<HttpResponseMessage> CheckTokenAsync(this RunningServer server, string? token)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, SelfCheck);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    public static async Task AssertTokenAcceptedAsync(this RunningServer server, string token)
    {
        using var response = await server.CheckTokenAsync(token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token refused: {body}");
    }

    public static async Task AssertTokenRefusedAsync(this RunningServer server, string? token, string code)
    {
        using var response = await server.CheckTokenAsync(token);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, code);
    }

    /// <summary>The decoded JSON payload of a compact JWT (no verification: the test reads what the server wrote).</summary>
    public static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64Url(jwt.Split('.')[1])).RootElement.Clone();

    public static JsonElement Header(string jwt) => JsonDocument.Parse(Base64Url(jwt.Split('.')[0])).RootElement.Clone();

    public static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.FromBase64String(padded);
    }
}
