using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Grains.Execution;

/// <summary>
/// The gateway's <see cref="IRunner"/> when handlers run on silos elsewhere (a Frontend that is an
/// Orleans client): each call goes to an <see cref="IExecutionGrain"/> under a random one of
/// <see cref="ExecutionKey.Slots"/> keys, so one version's executions spread over all gateway silos.
///
/// Losing the silo: a call that fails because its silo is gone is tried once more on another key,
/// but only when running it twice cannot be observed (<see cref="MayRunTwice"/>): a call refused
/// before any silo took it, or a read (GET, HEAD, OPTIONS) of an HTTP route. Anything else (a write,
/// an extension action called by a flow) may already have called actions on the lost silo, so it is
/// answered <c>503 runner_unavailable</c> rather than silently run again.
///
/// An Orleans client is not told that a gateway silo died under a call it sent there (silos break such
/// calls when membership declares the silo dead; clients wait for the response timeout), so every call
/// has its own answer bound: the handler's timeout plus <see cref="AnswerMargin"/> for fetching and
/// compiling its module. A live silo always answers within it (the runner ends the handler at its
/// timeout), so a call past it is taken as lost with its silo, under the same rule.
/// </summary>
public sealed class GrainRunner(IGrainFactory grains, ILogger<GrainRunner> logger) : IRunner
{
    public static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(15);

    public async Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = ExecutionMessages.ToMessage(request);
        var bound = TimeSpan.FromMilliseconds(request.Limits?.TimeoutMilliseconds ?? RunnerLimitPolicy.Platform.Defaults.Timeout.TotalMilliseconds) + AnswerMargin;
        var slot = Random.Shared.Next(ExecutionKey.Slots);
        try
        {
            return await ExecuteOnAsync(call, slot, bound, cancellationToken);
        }
        catch (Exception lost) when (IsSiloLoss(lost) && !cancellationToken.IsCancellationRequested)
        {
            if (!MayRunTwice(request, lost))
                return Unavailable(request, lost, retried: false);
            logger.LogWarning("Execution of {ContentHash} (request {RequestId}) lost its silo ({Reason}); trying another key once.",
                request.Module.ContentHash, request.RequestId, lost.Message);
            var other = (slot + 1 + Random.Shared.Next(ExecutionKey.Slots - 1)) % ExecutionKey.Slots;
            try
            {
                return await ExecuteOnAsync(call, other, bound, cancellationToken);
            }
            catch (Exception again) when (IsSiloLoss(again) && !cancellationToken.IsCancellationRequested)
            {
                return Unavailable(request, again, retried: true);
            }
        }
    }

    private async Task<ExecuteResponse> ExecuteOnAsync(ExecutionCall call, int slot, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            return ExecutionMessages.ToResponse(await grains.GetGrain<IExecutionGrain>(ExecutionKey.For(call.ContentHash, slot)).ExecuteAsync(call, deadline.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer from the silo within {bound.TotalSeconds:0.#} s (the handler's timeout plus {AnswerMargin.TotalSeconds:0} s).");
        }
    }

    /// <summary>
    /// The call failed because no silo answered it: the silo died or was unreachable (a rejection, a
    /// broken connection), or it did not answer within its bound (<see cref="TimeoutException"/>).
    /// </summary>
    public static bool IsSiloLoss(Exception e) => e is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException;

    /// <summary>
    /// A second run is invisible: the call never reached a silo (refused before sending: any rejection
    /// other than a lost silo, or no connection), or the request is a read of an HTTP route.
    /// </summary>
    public static bool MayRunTwice(ExecuteRequest request, Exception lost) =>
        lost is ConnectionFailedException || lost is OrleansMessageRejectionException and not SiloUnavailableException
        || (request.Action is null && request.Method is "GET" or "HEAD" or "OPTIONS");

    private ExecuteResponse Unavailable(ExecuteRequest request, Exception lost, bool retried)
    {
        logger.LogWarning("Execution of {ContentHash} (request {RequestId}) not answered: {Reason} ({Retry}).", request.Module.ContentHash,
            request.RequestId, lost.Message, retried ? "after one retry on another silo" : "not retried: it may have called actions");
        return ExecuteResponse.Failure(RunnerCodes.RunnerUnavailable, retried
            ? $"No silo could run the handler: {lost.Message}"
            : $"The silo running the handler was lost before it answered; it was not run again because it may have called actions: {lost.Message}");
    }
}
