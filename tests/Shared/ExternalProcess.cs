using System.Diagnostics;

namespace Selegic.Extensions.TestSupport;

public sealed record ProcessOutcome(int ExitCode, byte[] Stdout, string Stderr);

/// <summary>Runs a real tool (clang, asc, node, wat2wasm) and collects what it printed.</summary>
public static class ExternalProcess
{
    public static ProcessOutcome Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        byte[]? stdin = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = new MemoryStream();
        var copyStdout = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish");
        }
        copyStdout.Wait();
        return new ProcessOutcome(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    /// <summary>Runs a tool that must succeed; a failure reports its stderr.</summary>
    public static ProcessOutcome RunChecked(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var outcome = Run(fileName, arguments, workingDirectory);
        if (outcome.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({outcome.ExitCode}):\n{outcome.Stderr}");
        return outcome;
    }
}
