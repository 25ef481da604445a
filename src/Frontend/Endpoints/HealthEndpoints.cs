using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Endpoints;

/// <summary>Kubernetes probes; unauthenticated.</summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        routes.MapGet("/readyz", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(IMetadataStore store, IBlobStore blobs, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var unreachable = new List<string>();
        await ProbeAsync("metadata store", () => store.PingAsync(cancellationToken));
        await ProbeAsync("blob store", () => blobs.PingAsync(cancellationToken));
        return unreachable.Count == 0
            ? Results.Ok(new { status = "ready" })
            : Problem.Result(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable,
                $"Not ready: the {string.Join(" and the ", unreachable)} cannot be reached.");

        async Task ProbeAsync(string name, Func<Task> ping)
        {
            try
            {
                await ping();
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                loggers.CreateLogger("Selegic.Extensions.Frontend.Readiness").LogWarning(failure, "Readiness: the {Store} is unreachable", name);
                unreachable.Add(name);
            }
        }
    }
}
