namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// Runs extension handlers. Implemented in-process by <see cref="LocalRunner"/> (the embedded default,
/// co-hosted nodes and every silo) and, on a client Frontend of the split topology, by the execution
/// grains' caller in src/Grains/Execution. Never throws for handler or module failures: those come
/// back as <see cref="ExecuteResponse.Code"/>; only cancellation by the caller throws.
/// </summary>
public interface IRunner
{
    Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default);
}
