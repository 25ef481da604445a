using Orleans.Concurrency;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Grains.Execution;

/// <summary>
/// Runs executions on this silo's <see cref="LocalRunner"/>: its compiled-module cache (one compile or
/// precompiled load per content hash per silo) and its execution threads, shared by every activation.
/// A stateless worker: placed on the silo that receives the call (a client's gateway), one activation
/// per key and silo; reentrant, because the runner bounds concurrency itself (its dedicated threads)
/// and one slow handler must not queue the calls behind it. Action calls from the handler go through
/// the silo's own Action dispatcher with the request's token, as in process.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed class ExecutionGrain(LocalRunner runner, ILocalSiloDetails silo) : Grain, IExecutionGrain
{
    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionCall call, CancellationToken cancellationToken = default)
    {
        var response = await runner.ExecuteAsync(ExecutionMessages.ToRequest(call), cancellationToken);
        return ExecutionMessages.ToMessage(response, silo.Name);
    }
}
