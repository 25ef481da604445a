using System.Text;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>The gateway's tenant routes, one request each, for the cross-tenant coverage test.</summary>
public static class GatewayTenantRoutes
{
    public sealed record Route(string Method, string Pattern, Func<string, HttpRequestMessage> Request);

    private const string Base = "/api/v1/tenants/{tenant}";

    public static IReadOnlyList<Route> All { get; } =
    [
        new("POST", Base + "/actions/{qualifiedName}", t => new(HttpMethod.Post, Infrastructure.Api.TenantRoute(t, "/actions/cross-ext.echo"))
        {
            Content = new StringContent("{\"n\":1}", Encoding.UTF8, "application/json"),
        }),
        new("POST", Base + "/extensions/{slug}/ui-ticket", t => new(HttpMethod.Post, Infrastructure.Api.TenantRoute(t, "/extensions/cross-ext/ui-ticket"))),
    ];
}
