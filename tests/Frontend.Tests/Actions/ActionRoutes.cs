using System.Net.Http.Json;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>The Action API's tenant routes, one request each, for the cross-tenant coverage test.</summary>
public static class ActionRoutes
{
    public sealed record Route(string Method, string Pattern, Func<string, Guid, HttpRequestMessage> Request);

    private const string Base = "/api/v1/tenants/{tenant}";

    public static IReadOnlyList<Route> All { get; } =
    [
        new("PUT", Base + "/host-actions/{name}", (t, _) => new(HttpMethod.Put, Api.TenantRoute(t, "/host-actions/crm.records.get"))
        {
            Content = JsonContent.Create(new
            {
                capability = "cap:crm.records", inputSchema = new { type = "object" }, callbackUrl = "https://crm.example/cb",
                signingSecret = LoopbackTestServer.CallbackSecret,
            }),
        }),
        new("GET", Base + "/host-actions", (t, _) => new(HttpMethod.Get, Api.TenantRoute(t, "/host-actions"))),
        new("DELETE", Base + "/host-actions/{name}", (t, _) => new(HttpMethod.Delete, Api.TenantRoute(t, "/host-actions/crm.records.get"))),
        new("GET", Base + "/installations/{id:guid}/logs", (t, id) => new(HttpMethod.Get, Api.TenantRoute(t, $"/installations/{id}/logs"))),
    ];
}
