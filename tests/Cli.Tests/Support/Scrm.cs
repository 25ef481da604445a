using System.CommandLine;
using System.Text.Json;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Extension;
using Selegic.Extensions.Cli.Keys;

namespace Selegic.Extensions.Cli.Tests.Support;

/// <summary>What one `scrm` run produced.</summary>
public sealed record ScrmRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout parsed as the one JSON document `--json` promises.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs `scrm` in-process through the same command tree and invocation path as Program.cs, with
/// its own environment variables and working directory (never the test process's).
/// </summary>
public static class Scrm
{
    public static async Task<ScrmRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var variables = environment ?? new Dictionary<string, string>();
        var cli = new CliEnvironment(name => variables.GetValueOrDefault(name), workingDirectory);
        var root = new RootCommand("scrm");
        root.Subcommands.Add(ExtensionCommands.Create(cli));
        root.Subcommands.Add(KeysCommands.Create(cli));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CommandRunner.InvokeAsync(root, args, stdout, stderr);
        return new ScrmRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static Task<ScrmRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);
}
