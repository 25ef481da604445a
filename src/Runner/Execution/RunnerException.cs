namespace Selegic.Extensions.Runner.Execution;

/// <summary>
/// A refusal or failure with a stable <see cref="RunnerCodes"/> code. Used inside the Runner;
/// <see cref="IRunner.ExecuteAsync"/> never throws it but reports the code in its response.
/// </summary>
public sealed class RunnerException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
