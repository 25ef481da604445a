using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Silo;

/// <summary>The headless silo's probes (Kubernetes liveness and readiness), unauthenticated like the Frontend's.</summary>
public static class SiloHost
{
    public const string DefaultUrl = "http://127.0.0.1:5081";

    public static void MapProbes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        routes.MapGet("/readyz", ReadyAsync);
    }

    /// <summary>200 when the cluster's database answers and this silo is Active in the membership; otherwise 503.</summary>
    private static async Task<IResult> ReadyAsync(IMetadataStore store, IClusterMembershipService membership, ILocalSiloDetails local,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            await store.PingAsync(cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger("Selegic.Extensions.Silo.Readiness").LogWarning(failure, "Readiness: the cluster database is unreachable");
            return NotReady("the metadata store cannot be reached");
        }
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return status == SiloStatus.Active ? Results.Ok(new { status = "ready" }) : NotReady($"the silo is {status}, not Active in the cluster");
    }

    private static IResult NotReady(string why) => Results.Json(
        new { type = "about:blank", title = "Service Unavailable", status = 503, detail = $"Not ready: {why}.", code = "service_unavailable" },
        statusCode: StatusCodes.Status503ServiceUnavailable, contentType: "application/problem+json");
}
