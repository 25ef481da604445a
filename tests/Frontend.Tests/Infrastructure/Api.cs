using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;

namespace Selegic.Extensions.Frontend.Tests.Infrastructure;

/// <summary>Small helpers over the public HTTP API, so tests read as the requests they make.</summary>
public static class Api
{
    public const string Tenants = "/api/v1/tenants";

    public static string TenantRoute(string tenant, string rest = "") => $"{Tenants}/{tenant}{rest}";

    public static string VersionsRoute(string tenant, string slug) => TenantRoute(tenant, $"/extensions/{slug}/versions");

    /// <summary>A fresh tenant with a unique slug; returns its slug and tenant admin key.</summary>
    public static async Task<(string Slug, string Key)> NewTenantAsync(this RunningServer server, string prefix = "t")
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..20];
        using var admin = server.AsPlatformAdmin();
        using var response = await admin.PostAsJsonAsync(Tenants, new { slug });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options);
        return (created!.Slug, created.ApiKey);
    }

    /// <summary>Multipart publish; <paramref name="sha256"/> defaults to the bundle's real hash (pass "" to omit the field).</summary>
    public static async Task<HttpResponseMessage> PublishAsync(this HttpClient client, string tenant, string slug, byte[]? bundle,
        string? sha256 = null, string? signature = null)
    {
        using var form = PublishForm(bundle, sha256, signature);
        return await client.PostAsync(VersionsRoute(tenant, slug), form);
    }

    public static MultipartFormDataContent PublishForm(byte[]? bundle, string? sha256 = null, string? signature = null)
    {
        var form = new MultipartFormDataContent();
        if (bundle is not null)
        {
            var file = new ByteArrayContent(bundle);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            form.Add(file, Contracts.Api.PublishForm.Bundle, "bundle.tar.gz");
        }
        sha256 ??= bundle is null ? "" : TestBundles.Sha256(bundle);
        if (sha256.Length > 0)
            form.Add(new StringContent(sha256), Contracts.Api.PublishForm.Sha256);
        if (signature is not null)
            form.Add(new StringContent(signature), Contracts.Api.PublishForm.Signature);
        return form;
    }

    /// <summary>Asserts the response is an RFC 9457 problem document with that status and code; returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.DoesNotContain("   at ", body); // no stack traces, ever
        return problem;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, ApiJson.Options)!;
    }
}
