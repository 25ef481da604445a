using System.CommandLine;
using System.CommandLine.Invocation;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// Runs a verb's body and turns every failure into one rendered error plus the documented
/// exit code (see <see cref="ExitCodes"/>), so no verb prints a stack trace for a user mistake.
/// </summary>
public static class CommandRunner
{
    /// <summary>The shared `--json` option; add it to every verb that produces a result.</summary>
    public static Option<bool> CreateJsonOption() => new("--json")
    {
        Description = "Write the result (or the failure) to stdout as one JSON document",
    };

    public static async Task<int> RunAsync(
        ParseResult parseResult, Option<bool> json, Func<CliOutput, CancellationToken, Task<int>> body, CancellationToken cancellation)
    {
        var config = parseResult.InvocationConfiguration;
        var output = new CliOutput(config.Output, config.Error, parseResult.GetValue(json));
        try
        {
            return await body(output, cancellation);
        }
        catch (CliException failure)
        {
            output.Failure(failure);
            return failure.ExitCode;
        }
        catch (BundleException refusal)
        {
            // a local check by the shared Contracts code: exit 3 with the code the server would send
            var failure = refusal.ToCli();
            output.Failure(failure);
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            output.Failure(new CliException(ExitCodes.Unexpected, "cancelled", "Cancelled."));
            return ExitCodes.Unexpected;
        }
        catch (IOException e)
        {
            output.Failure(new CliException(ExitCodes.Unexpected, "io_error", e.Message));
            return ExitCodes.Unexpected;
        }
        catch (UnauthorizedAccessException e)
        {
            output.Failure(new CliException(ExitCodes.Unexpected, "io_error", e.Message));
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>
    /// Parses and invokes <paramref name="root"/>. A command line that does not parse exits with
    /// <see cref="ExitCodes.Usage"/> (System.CommandLine's own default would be 1).
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var parseResult = root.Parse(args);
        var config = new InvocationConfiguration();
        if (output is not null) config.Output = output;
        if (error is not null) config.Error = error;
        var exitCode = await parseResult.InvokeAsync(config);
        return parseResult.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
    }
}
