using System.Diagnostics;

namespace Selegic.Extensions.Cli.Tests.Support;

/// <summary>
/// Runs the built `scrm` (scrm.dll, copied next to the tests by the project reference) as a child
/// process, with real environment variables, to check what the shell sees: exit codes and streams.
/// </summary>
public static class ScrmProcess
{
    public static async Task<ScrmRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scrm.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in new[] { "SCRM_SERVER_URL", "SCRM_TENANT_ID", "SCRM_API_KEY" }) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ScrmRun(process.ExitCode, await stdout, await stderr);
    }
}
