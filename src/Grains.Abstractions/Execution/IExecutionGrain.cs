namespace Selegic.Extensions.Grains.Execution;

/// <summary>
/// Runs one handler execution on the silo it activates on, with that silo's runner and compiled-module
/// cache (a per-silo singleton keyed by content hash: compiled modules are never grain state). A
/// stateless worker, so every silo that receives a call runs it locally; the key
/// (<see cref="ExecutionKey"/>) only spreads one client's calls over the gateways.
/// </summary>
[Alias("scrm.IExecutionGrain")]
public interface IExecutionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Never fails for handler or module failures (they come back as <see cref="ExecutionOutcome.Code"/>).
    /// The response timeout is above the longest handler timeout (60 s) plus a cold compile.
    /// </summary>
    [Alias("Execute"), ResponseTimeout("00:01:30")]
    Task<ExecutionOutcome> ExecuteAsync(ExecutionCall call, CancellationToken cancellationToken = default);
}
