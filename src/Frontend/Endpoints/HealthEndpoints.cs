namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>Kubernetes probes; unauthenticated.</summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
    }
}
