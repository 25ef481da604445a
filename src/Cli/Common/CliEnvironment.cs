namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// What a verb reads from its surroundings besides its arguments: environment variables and the
/// working directory. Tests pass their own so they never touch the process-wide environment.
/// </summary>
public sealed class CliEnvironment(Func<string, string?> variable, string workingDirectory)
{
    public const string ServerUrlVariable = "SCRM_SERVER_URL";
    public const string TenantVariable = "SCRM_TENANT_ID";
    public const string ApiKeyVariable = "SCRM_API_KEY";

    public static CliEnvironment Process { get; } =
        new(Environment.GetEnvironmentVariable, Environment.CurrentDirectory);

    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>The variable's value, or null when it is unset or blank.</summary>
    public string? Get(string name) => variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>A path given on the command line, resolved against the working directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
