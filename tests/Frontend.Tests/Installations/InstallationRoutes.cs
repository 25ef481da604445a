using System.Net.Http.Json;

namespace Selegic.Extensions.Frontend.Tests.Installations;

/// <summary>One well-formed request per installation and token route, for isolation and coverage tests.</summary>
public static class InstallationRoutes
{
    public sealed record Route(string Method, string Pattern, Func<string, Guid, HttpRequestMessage> Request);

    private const string Base = "/api/v1/tenants/{tenant}/installations";

    public static IReadOnlyList<Route> All { get; } =
    [
        new("POST", Base, (t, _) => Json(HttpMethod.Post, InstallationApi.Installations(t), new { extension = "cross-ext", version = "1.0.0" })),
        new("GET", Base, (t, _) => new(HttpMethod.Get, InstallationApi.Installations(t))),
        new("GET", Base + "/{id:guid}", (t, id) => new(HttpMethod.Get, InstallationApi.Installation(t, id))),
        new("DELETE", Base + "/{id:guid}", (t, id) => new(HttpMethod.Delete, InstallationApi.Installation(t, id))),
        new("POST", Base + "/{id:guid}/enable", (t, id) => new(HttpMethod.Post, InstallationApi.Installation(t, id, "/enable"))),
        new("POST", Base + "/{id:guid}/disable", (t, id) => new(HttpMethod.Post, InstallationApi.Installation(t, id, "/disable"))),
        new("PUT", Base + "/{id:guid}/version", (t, id) => Json(HttpMethod.Put, InstallationApi.Installation(t, id, "/version"), new { version = "1.0.0" })),
        new("PUT", Base + "/{id:guid}/grants", (t, id) => Json(HttpMethod.Put, InstallationApi.Installation(t, id, "/grants"), new { grants = Array.Empty<string>() })),
        new("PUT", Base + "/{id:guid}/config", (t, id) => Json(HttpMethod.Put, InstallationApi.Installation(t, id, "/config"), new { config = new { a = 1 } })),
        new("PUT", Base + "/{id:guid}/secrets", (t, id) => Json(HttpMethod.Put, InstallationApi.Installation(t, id, "/secrets"),
            new { secrets = new Dictionary<string, string> { ["k"] = "v" } })),
        new("POST", Base + "/{id:guid}/tokens", (t, id) => Json(HttpMethod.Post, InstallationApi.Installation(t, id, "/tokens"), new { user = "u-1" })),
        new("POST", Base + "/{id:guid}/tokens/revoke", (t, id) => Json(HttpMethod.Post, InstallationApi.Installation(t, id, "/tokens/revoke"), new { jti = "abc" })),
        new("POST", Base + "/{id:guid}/tokens/revoke-all", (t, id) => new(HttpMethod.Post, InstallationApi.Installation(t, id, "/tokens/revoke-all"))),
    ];

    private static HttpRequestMessage Json(HttpMethod method, string uri, object body) => new(method, uri) { Content = JsonContent.Create(body) };
}
