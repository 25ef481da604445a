using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

/// <summary>
/// The built Runner service (Selegic.Extensions.Runner.Service.dll, next to this assembly through the
/// project reference) as its own OS process with <c>dotnet</c>. Its environment is this process's
/// minus every database and platform variable, and it gets only Runner settings: what a Runner
/// node in a cluster has. Ready when <c>GET /healthz</c> answers.
/// </summary>
public sealed class RunnerServiceProcess : IAsyncDisposable
{
    private static readonly string[] WithheldVariablePrefixes = ["EXTENSIONS_", "EXTENSION_", "Extensions__", "PG", "DATABASE"];
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private bool _killed;

    private RunnerServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
    }

    public Uri BaseAddress { get; }
    public IReadOnlyCollection<string> OutputLines => _lines;

    /// <summary>Every variable the process was started with.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _process.StartInfo.Environment.AsReadOnly();

    public static async Task<RunnerServiceProcess> StartAsync(Uri baseAddress, string secret, Uri actionApi, string blobDirectory, TimeSpan startTimeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Selegic.Extensions.Runner.Service.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("The Runner service is expected next to this assembly (project reference).", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var name in start.Environment.Keys.Where(n => WithheldVariablePrefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            start.Environment.Remove(name);
        start.ArgumentList.Add(dll);
        foreach (var argument in new[]
        {
            $"--urls={baseAddress.AbsoluteUri.TrimEnd('/')}",
            $"--Runner:SharedSecrets:0={secret}",
            $"--Runner:ActionApiUrl={actionApi.AbsoluteUri}",
            $"--Runner:BlobDirectory={blobDirectory}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information", // "Request starting ..." lines
        })
            start.ArgumentList.Add(argument);

        var runner = new RunnerServiceProcess(new Process { StartInfo = start }, baseAddress);
        runner._process.Start();
        runner._process.BeginOutputReadLine();
        runner._process.BeginErrorReadLine();
        try
        {
            await runner.WaitUntilHealthyAsync(startTimeout);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many modules the service has fetched and compiled, as <c>GET /healthz</c> reports it.</summary>
    public async Task<long> ModuleLoadsAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var health = await http.GetFromJsonAsync<JsonElement>("/healthz");
        return health.GetProperty("modules").GetProperty("loads").GetInt64();
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The Runner service exited with code {_process.ExitCode}:\n{string.Join('\n', _lines)}");
            try
            {
                using var health = await http.GetAsync("/healthz");
                if (health.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { } // not listening yet
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"The Runner service did not answer /healthz within {timeout}:\n{string.Join('\n', _lines)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the service has started <paramref name="count"/> execute requests (its request log says so).</summary>
    public async Task WaitForExecuteRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_lines.Count(line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("/v1/execute", StringComparison.Ordinal)) < count)
        {
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"The Runner service did not start {count} execute requests within {timeout}:\n{string.Join('\n', _lines)}");
            await Task.Delay(20);
        }
    }

    /// <summary>Kills the process: a crashed Runner node.</summary>
    public async Task KillAsync()
    {
        if (_killed) return;
        _killed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
