using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Remote;
using Selegic.Extensions.Runner.Service.Hosting;

namespace Selegic.Extensions.Frontend.Tests.RunnerService;

/// <summary>
/// The real Runner service (RunnerServiceHost, as its Program.cs builds it) on Kestrel at a fixed
/// loopback port, so the Frontend can be configured with its URL before it starts. It gets only
/// Runner settings: shared secret, Action API URL and the Frontend's blob directory; no database.
/// Every request reaching <c>POST /v1/execute</c> is recorded with the status the service answered.
/// </summary>
public sealed class RunnerServiceNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _executeStatuses = new();
    private int _received;
    private bool _stopped;

    private RunnerServiceNode(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        _app.Use((context, next) =>
        {
            if (context.Request.Path != RunnerWire.ExecutePath)
                return next(context);
            Interlocked.Increment(ref _received);
            // Recorded before the answer leaves, so a caller that has it sees the record.
            context.Response.OnStarting(() =>
            {
                _executeStatuses.Enqueue(context.Response.StatusCode);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    public Uri BaseAddress { get; }

    /// <summary>Statuses of the execute requests this node answered, in order.</summary>
    public IReadOnlyCollection<int> ExecuteStatuses => _executeStatuses;

    public int Executed => _executeStatuses.Count(status => status == StatusCodes.Status200OK);

    /// <summary>Execute requests that reached the service, answered or not.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Waits (at most <paramref name="timeout"/>) until <see cref="Received"/> reaches <paramref name="count"/>.</summary>
    public async Task WaitUntilReceivedAsync(int count, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Received < count)
        {
            if (waited.Elapsed > timeout) throw new TimeoutException($"{BaseAddress} received {Received} execute requests, not {count}, within {timeout}.");
            await Task.Delay(10);
        }
    }

    public CompiledModuleCache Modules => _app.Services.GetRequiredService<CompiledModuleCache>();

    /// <summary>The configuration the service was built with (to check what it was not given).</summary>
    public IConfiguration Configuration => _app.Services.GetRequiredService<IConfiguration>();

    public static async Task<RunnerServiceNode> StartAsync(Uri baseAddress, string secret, Uri actionApi, string blobDirectory)
    {
        var settings = new Dictionary<string, string>
        {
            ["urls"] = baseAddress.AbsoluteUri.TrimEnd('/'),
            ["Runner:SharedSecrets:0"] = secret,
            ["Runner:ActionApiUrl"] = actionApi.AbsoluteUri,
            ["Runner:BlobDirectory"] = blobDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var node = new RunnerServiceNode(RunnerServiceHost.Build(settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray()), baseAddress);
        await node._app.StartAsync();
        return node;
    }

    /// <summary>
    /// A loopback URL with a port that was free a moment ago (the Frontend needs the Runners' URLs
    /// before they start). Ports come from below Linux's ephemeral range (32768-60999), so neither a
    /// listener on port 0 nor an outgoing connection of a parallel test can take it in between.
    /// </summary>
    public static Uri FreeLoopbackUrl()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            using var probe = new TcpListener(IPAddress.Loopback, port);
            try
            {
                probe.Start();
            }
            catch (SocketException) when (attempt < 100)
            {
                continue;
            }
            probe.Stop();
            return new Uri($"http://127.0.0.1:{port}/");
        }
    }

    /// <summary>Stops listening: later connections to the node are refused, as with a crashed Runner.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
