using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>An installed extension in a tenant, with a freshly minted token for it.</summary>
public sealed record Installed(string Tenant, string TenantKey, string Extension, Guid InstallationId, string Token);

/// <summary>Publish, install and mint through the public API, then call actions, as a CRM backend and an extension would.</summary>
public static class ActionKit
{
    public const string EgressHost = "api.localhost";
    public static readonly string[] AllBuiltInCapabilities = ["cap:storage.kv", "cap:secrets.read", "cap:log.write", "cap:http.fetch"];

    public static async Task<Installed> InstallAsync(this RunningServer server, string[]? grants = null, string[]? capabilities = null,
        string[]? egress = null, Dictionary<string, string>? secrets = null, (string Slug, string Key)? tenant = null, string? extension = null)
    {
        var (slug, key) = tenant ?? await server.NewTenantAsync("act");
        extension ??= $"ext-{Guid.NewGuid():N}"[..16];
        capabilities ??= [.. AllBuiltInCapabilities, "cap:crm.records"];
        var manifest = TestBundles.ManifestJson(extension, "1.0.0", m =>
        {
            m["capabilities"] = capabilities;
            m["egress"] = egress ?? [EgressHost, "*.example.com"];
        });
        var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "<!doctype html>"u8.ToArray()));
        using var admin = server.WithKey(key);
        using (var published = await admin.PublishAsync(slug, extension, bundle))
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        using var installed = await admin.PostAsJsonAsync(Api.TenantRoute(slug, "/installations"),
            new { extension, version = "1.0.0", grants = grants ?? AllBuiltInCapabilities, secrets = secrets ?? new Dictionary<string, string>() });
        var installation = await installed.ReadAsync<InstallationDto>(HttpStatusCode.Created);
        var token = await server.MintAsync(slug, key, installation.Id);
        return new Installed(slug, key, extension, installation.Id, token);
    }

    public static async Task<string> MintAsync(this RunningServer server, string tenant, string key, Guid installationId, string user = "u-42")
    {
        using var admin = server.WithKey(key);
        using var minted = await admin.PostAsJsonAsync(Api.TenantRoute(tenant, $"/installations/{installationId}/tokens"), new { user, ttlSeconds = 300 });
        return (await minted.ReadAsync<MintedTokenResponse>()).Token;
    }

    /// <summary>POST /api/actions/{name} with the token as Bearer and <paramref name="input"/> as JSON (a string is sent raw).</summary>
    public static async Task<HttpResponseMessage> CallAsync(this RunningServer server, string? token, string action, object? input)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/actions/{action}")
        {
            Content = new StringContent(input as string ?? JsonSerializer.Serialize(input), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>POST /api/actions/{name} with <paramref name="body"/> as the exact bytes of a JSON body.</summary>
    public static async Task<HttpResponseMessage> CallRawAsync(this RunningServer server, string token, string action, byte[] body)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/actions/{action}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> CallOkAsync(this RunningServer server, string token, string action, object? input)
    {
        using var response = await server.CallAsync(token, action, input);
        return await response.ReadAsync<JsonElement>();
    }

    /// <summary>Asserts a problem document with that code, and the pointer when given.</summary>
    public static async Task<JsonElement> AssertRefusedAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? pointer = null)
    {
        var problem = await response.AssertProblemAsync(status, code);
        if (pointer is not null)
            Assert.Equal(pointer, problem.GetProperty("pointer").GetString());
        return problem;
    }
}
