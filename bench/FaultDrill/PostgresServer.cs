using System.Diagnostics;

namespace Selegic.Extensions.Bench.FaultDrill;

/// <summary>
/// A throwaway PostgreSQL the drill owns (initdb, start, stop, start again on the same data
/// directory), on 127.0.0.1 only, the way scripts/postgres.sh starts the tests' server.
/// </summary>
public sealed class PostgresServer(int port) : IAsyncDisposable
{
    private readonly string _directory = $"/tmp/scrm-faultdrill-pg-{port}";
    private readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
        .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d).LastOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL server binaries not found (apt-get install postgresql)");

    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";

    public async Task InitAndStartAsync()
    {
        await StopAsync();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        Directory.CreateDirectory(_directory);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", _directory);
        await AsOwnerAsync(Path.Combine(_bin, "initdb"), "-D", _directory, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await StartAsync();
    }

    public Task StartAsync() => AsOwnerAsync(Path.Combine(_bin, "pg_ctl"), "-D", _directory, "-l", Path.Combine(_directory, "server.log"), "-w",
        "-o", $"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");

    /// <summary>Immediate stop: like a crash, connections are cut, nothing is flushed politely.</summary>
    public async Task StopAsync()
    {
        if (File.Exists(Path.Combine(_directory, "postmaster.pid")))
            await AsOwnerAsync(Path.Combine(_bin, "pg_ctl"), "-D", _directory, "-m", "immediate", "stop");
    }

    private Task AsOwnerAsync(string tool, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments]) : RunAsync(tool, arguments);

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
