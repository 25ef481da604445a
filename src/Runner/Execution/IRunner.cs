namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// Runs extension handlers. Implemented in-process by <see cref="LocalRunner"/> (embedded default)
/// and remotely by <see cref="Remote.HttpRunnerClient"/> (several Runner services, rendezvous
/// hashing on the content hash, failover). Never throws for handler or module failures: those come
/// back as <see cref="ExecuteResponse.Code"/>; only cancellation by the caller throws.
/// </summary>
public interface IRunner
{
    Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default);
}
