using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// The built Frontend (Selegic.Extensions.Frontend.dll) run as its own OS process with <c>dotnet</c>,
/// on 127.0.0.1 with a port the OS picks. Every stdout/stderr line is kept (for log assertions).
/// Shared with bench/RevocationPropagation.
/// </summary>
public sealed partial class FrontendProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _crashDump = Path.Combine(Path.GetTempPath(), $"scrm-node-crash-{Guid.NewGuid():N}.dmp");

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    private FrontendProcess(string name, string dll, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        // A crash (SIGSEGV, abort) leaves the runtime's crash report: native and managed stacks of every thread.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "1";
        start.Environment["DOTNET_DbgMiniDumpType"] = "1";
        start.Environment["DOTNET_EnableCrashReport"] = "1";
        start.Environment["DOTNET_DbgMiniDumpName"] = _crashDump;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) =>
        {
            _process.WaitForExit(); // the redirected output is read to its end
            _listening.TrySetException(new InvalidOperationException(
                $"Node {Name} exited with code {_process.ExitCode} before listening:\n{string.Join('\n', _lines)}{CrashReport()}"));
        };
    }

    public string Name { get; }

    /// <summary>The crashed thread's frames from the runtime's crash report, if the process crashed (the dump beside it is kept for a debugger).</summary>
    private string CrashReport()
    {
        var report = _crashDump + ".crashreport.json";
        if (!File.Exists(report)) return "";
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(report));
            var frames = json.RootElement.GetProperty("payload").GetProperty("threads").EnumerateArray()
                .Where(t => t.TryGetProperty("crashed", out var crashed) && crashed.GetString() == "true")
                .SelectMany(t => t.GetProperty("stack_frames").EnumerateArray())
                .Select(f => string.Join(" ", new[] { "native_module", "unmanaged_name", "filename", "method_name", "native_image_offset" }
                    .Select(k => f.TryGetProperty(k, out var v) ? v.ToString() : null).Where(v => !string.IsNullOrEmpty(v))));
            return $"\ncrashed thread (report {report}, dump {_crashDump}):\n  {string.Join("\n  ", frames.Take(60))}";
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"\ncrash report {report} unreadable: {e.Message}";
        }
    }

    public Uri BaseAddress { get; private set; } = null!;
    public IReadOnlyCollection<string> OutputLines => _lines;

    /// <summary>The Frontend next to the running test or bench assembly (project reference copies it there).</summary>
    public static string LocateFrontendDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Selegic.Extensions.Frontend.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Frontend first; it is expected next to this assembly.", dll);
    }

    public static Task<FrontendProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> environment, TimeSpan startTimeout) =>
        StartAsync(name, LocateFrontendDll(), settings, environment, startTimeout);

    /// <summary>Another host that prints "listening on http://127.0.0.1:PORT" (the headless silo, Selegic.Extensions.Silo.dll).</summary>
    public static async Task<FrontendProcess> StartAsync(string name, string dll, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> environment, TimeSpan startTimeout)
    {
        var node = new FrontendProcess(name, dll, settings, environment);
        node._process.Start();
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        try
        {
            node.BaseAddress = await node._listening.Task.WaitAsync(startTimeout);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>SIGKILL (the process and its children): the process ends at once, without leaving the cluster (a crash, not a stop). DisposeAsync still cleans up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
