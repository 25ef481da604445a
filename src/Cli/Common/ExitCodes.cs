namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// Process exit codes of every `scrm` verb. Scripts branch on these, so they are a contract:
/// documented in docs/cli.md and in each verb's --help.
/// </summary>
public static class ExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A bug or an unexpected local failure (I/O error, etc.).</summary>
    public const int Unexpected = 1;

    /// <summary>Bad command line or missing configuration (tenant, server URL, API key).</summary>
    public const int Usage = 2;

    /// <summary>The bundle, manifest, slug, version, key or signature failed a local check.</summary>
    public const int Validation = 3;

    /// <summary>The server answered and refused (any non-2xx status).</summary>
    public const int ServerRefusal = 4;

    /// <summary>The server could not be reached (connection refused, DNS, timeout, TLS).</summary>
    public const int Network = 5;

    public const string HelpText =
        "Exit codes: 0 success, 2 usage or missing configuration, 3 local validation failed, " +
        "4 server refused, 5 server unreachable, 1 unexpected error.";
}
