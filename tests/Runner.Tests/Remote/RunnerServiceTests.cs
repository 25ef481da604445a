using System.Net;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Remote;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Remote;

/// <summary>
/// Frontend -> Runner over real HTTP: two Runner services on Kestrel sharing a filesystem blob
/// store, the HTTP client with rendezvous hashing and failover, and action calls reaching an
/// Action API (test double on Kestrel) with the request's token.
/// </summary>
public sealed class RunnerServiceTests : IAsyncLifetime
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private readonly string _blobs = Directory.CreateTempSubdirectory("runner-blobs-").FullName;
    private ActionApiTestDouble _actionApi = null!;
    private readonly List<RunningRunnerService> _runners = [];

    public async Task InitializeAsync()
    {
        _actionApi = await ActionApiTestDouble.StartAsync();
        _runners.Add(await RunningRunnerService.StartAsync(_actionApi.BaseAddress, _blobs));
        _runners.Add(await RunningRunnerService.StartAsync(_actionApi.BaseAddress, _blobs));
    }

    public async Task DisposeAsync()
    {
        foreach (var runner in _runners) await runner.StopAsync();
        await _actionApi.DisposeAsync();
        Directory.Delete(_blobs, recursive: true); // StopAsync waited for the runners' artifact writes
    }

    private HttpRunnerClient Client(string secret = RunningRunnerService.Secret, params Uri[] runners) => new(new HttpRunnerClientOptions
    {
        Runners = runners.Length > 0 ? runners : _runners.Select(r => r.BaseAddress).ToArray(),
        SharedSecrets = [secret],
    });

    private Task<ModuleReference> PublishCHandlerAsync() =>
        RunningRunnerService.PublishAsync(_blobs, Tenant, TestBundles.Pack(HandlerCompilers.C("C/handler.c", wasi: true)));

    private RunningRunnerService RunnerAt(Uri address) => _runners.Single(r => r.BaseAddress == address);

    [Fact]
    public async Task Handler_runs_on_the_rendezvous_choice_and_its_action_call_reaches_the_Action_API_with_the_token()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        var request = Requests.Get(module, "/save") with { Method = "POST", Body = "over http"u8.ToArray() };

        var response = await client.ExecuteAsync(request);

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(201, response.Status);
        Assert.Equal("""{"stored":"note"}""", Encoding.UTF8.GetString(response.Body));
        var chosen = client.RunnersFor(module.ContentHash)[0];
        Assert.Equal(chosen.AbsoluteUri, response.Statistics.Runner);
        var received = Assert.Single(_actionApi.Received);
        Assert.Equal("storage.put", received.Name);
        Assert.Equal($"Bearer {ActionApiTestDouble.ValidToken}", received.Authorization);
        Assert.Equal("over http", JsonDocument.Parse(received.Body).RootElement.GetProperty("value").GetString());

        // Same content hash, same Runner: only it compiled the module.
        await client.ExecuteAsync(request);
        Assert.True(RunnerAt(chosen).Modules.Contains(module.ContentHash));
        Assert.False(_runners.Single(r => r.BaseAddress != chosen).Modules.Contains(module.ContentHash));
    }

    [Fact]
    public async Task Refusal_from_the_Action_API_reaches_the_handler_with_status_and_code()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        var response = await client.ExecuteAsync(Requests.Get(module, "/call") with { Method = "POST", Query = "crm.records.delete", Body = "{}"u8.ToArray() });

        Assert.True(response.Succeeded, response.Message);
        using var result = JsonDocument.Parse(response.Body);
        Assert.Equal(403, result.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("capability_not_granted", result.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Action_call_without_a_minted_token_is_refused_before_the_Action_API()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        var response = await client.ExecuteAsync(Requests.Get(module, "/save") with { Method = "POST", ActionToken = null });

        Assert.Equal(502, response.Status);
        Assert.Equal("unauthorized", Encoding.UTF8.GetString(response.Body));
        Assert.Empty(_actionApi.Received);
    }

    [Fact]
    public async Task Fails_over_to_the_next_runner_when_the_chosen_one_is_down()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        var order = client.RunnersFor(module.ContentHash);
        await RunnerAt(order[0]).StopAsync();

        var response = await client.ExecuteAsync(Requests.Get(module, "/log"));

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(204, response.Status);
        Assert.Equal(order[1].AbsoluteUri, response.Statistics.Runner);
        Assert.Contains(new GuestLogEntry(GuestLogLevel.Info, "hello from C"), response.Logs);
    }

    [Fact]
    public async Task Failed_execution_brings_its_log_lines_and_stdout_back_over_http()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();

        var trapped = await client.ExecuteAsync(Requests.Get(module, "/log-trap"));
        var printed = await client.ExecuteAsync(Requests.Get(module, "/printf"));

        Assert.Equal(RunnerCodes.HandlerTrap, trapped.Code);
        Assert.Equal([new GuestLogEntry(GuestLogLevel.Warn, "about to trap")], trapped.Logs);
        Assert.True(printed.Succeeded, printed.Message);
        Assert.Equal([new GuestLogEntry(GuestLogLevel.Info, "printed 42"), new GuestLogEntry(GuestLogLevel.Error, "to stderr")], printed.Logs);
    }

    [Fact]
    public async Task All_runners_down_is_runner_unavailable()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        foreach (var runner in _runners) await runner.StopAsync();

        var response = await client.ExecuteAsync(Requests.Get(module, "/log"));
        Assert.Equal(RunnerCodes.RunnerUnavailable, response.Code);
        Assert.Equal(503, response.Status);
    }

    [Fact]
    public async Task Wrong_secret_is_runner_unauthorized()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client("another-secret-that-is-long-enough-32+");
        var response = await client.ExecuteAsync(Requests.Get(module, "/log"));
        Assert.Equal(RunnerCodes.RunnerUnauthorized, response.Code);
        Assert.Equal(0, _runners.Sum(r => r.Modules.Statistics.Loads));
    }

    [Fact]
    public async Task Unsigned_and_malformed_requests_are_refused_with_codes()
    {
        using var http = new HttpClient();
        var url = new Uri(_runners[0].BaseAddress, RunnerWire.ExecutePath);

        var unsigned = await http.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(RunnerCodes.RunnerUnauthorized, JsonDocument.Parse(await unsigned.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());

        var body = "{\"method\": 12"u8.ToArray();
        var signed = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        signed.Headers.Add(RunnerRequestSignature.HeaderName, new RunnerRequestSignature([RunningRunnerService.Secret]).Sign("POST", RunnerWire.ExecutePath, body));
        var malformed = await http.SendAsync(signed);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(RunnerCodes.RequestInvalid, JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Blob_altered_in_the_store_is_refused_with_hash_mismatch()
    {
        var module = await PublishCHandlerAsync();
        var file = Directory.GetFiles(_blobs, "*.tar.gz", SearchOption.AllDirectories).Single(f => f.Contains(module.ContentHash["sha256:".Length..]));
        File.WriteAllBytes(file, TestBundles.Pack(WatHandler.Build("(call $respond)")));
        using var client = Client();

        var response = await client.ExecuteAsync(Requests.Get(module, "/log"));
        Assert.Equal(RunnerCodes.ModuleHashMismatch, response.Code);
    }

    [Fact]
    public async Task Bundle_of_another_tenant_is_not_found()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        var response = await client.ExecuteAsync(Requests.Get(module with { StorageScope = Guid.NewGuid().ToString() }, "/log"));
        Assert.Equal(RunnerCodes.ModuleNotFound, response.Code);
    }

    [Fact]
    public async Task Concurrent_cold_calls_over_http_compile_once()
    {
        var module = await PublishCHandlerAsync();
        using var client = Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ExecuteAsync(Requests.Get(module, "/log"))));

        Assert.All(responses, r => Assert.True(r.Succeeded, r.Message));
        Assert.Single(responses, r => r.Statistics.CompiledModule);
        var chosen = RunnerAt(client.RunnersFor(module.ContentHash)[0]);
        Assert.Equal(1, chosen.Modules.Statistics.Loads);
        Assert.Equal(7, chosen.Modules.Statistics.Hits);
    }

    [Fact]
    public async Task Runner_with_a_small_cache_evicts_the_least_recently_used_module()
    {
        var handlers = Enumerable.Range(1, 3).Select(i => WatHandler.Build("(call $respond)", response: $$"""{"status":200,"body":"v{{i}}"}""")).ToArray();
        var budget = handlers.Max(h => h.Length) * 12 * 5 / 2; // two modules fit, three do not
        await using var small = await RunningRunnerService.StartAsync(_actionApi.BaseAddress, _blobs,
            new Dictionary<string, string> { ["Runner:ModuleCacheBytes"] = budget.ToString() });
        using var client = Client(RunningRunnerService.Secret, small.BaseAddress);
        var modules = new List<ModuleReference>();
        foreach (var handler in handlers) modules.Add(await RunningRunnerService.PublishAsync(_blobs, Tenant, TestBundles.Pack(handler)));

        foreach (var module in new[] { modules[0], modules[1], modules[0], modules[2] })
            Assert.True((await client.ExecuteAsync(Requests.Get(module))).Succeeded);

        Assert.True(small.Modules.Contains(modules[0].ContentHash));
        Assert.False(small.Modules.Contains(modules[1].ContentHash));
        Assert.True(small.Modules.Contains(modules[2].ContentHash));
        Assert.Equal(1, small.Modules.Statistics.Evictions);
    }

    [Fact]
    public async Task Action_API_out_of_reach_is_action_unavailable_for_the_handler()
    {
        var deadActionApi = new Uri($"http://127.0.0.1:{FreePort()}/");
        await using var runner = await RunningRunnerService.StartAsync(deadActionApi, _blobs);
        using var client = Client(RunningRunnerService.Secret, runner.BaseAddress);
        var module = await PublishCHandlerAsync();

        var response = await client.ExecuteAsync(Requests.Get(module, "/call") with { Method = "POST", Query = "storage.put", Body = "{\"key\":\"k\"}"u8.ToArray() });

        Assert.True(response.Succeeded, response.Message);
        using var result = JsonDocument.Parse(response.Body);
        Assert.Equal(503, result.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("action_unavailable", result.RootElement.GetProperty("code").GetString());
        // The guest learns that the call failed, never the platform's exception text (addresses, ports, internals).
        var message = result.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("storage.put", message);
        Assert.DoesNotContain(deadActionApi.Port.ToString(), message);
        Assert.DoesNotContain("refused", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fails_over_when_the_chosen_runner_accepts_no_connection_within_the_connect_timeout()
    {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so connecting hangs.
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(1);
        var silentPort = ((IPEndPoint)silent.LocalEndPoint!).Port;
        var fillers = Enumerable.Range(0, 4).Select(_ => new System.Net.Sockets.TcpClient()).ToList();
        var connects = fillers.Select(f => f.ConnectAsync(IPAddress.Loopback, silentPort)).ToList();
        // Linux queues backlog + 1 connections; once they are in, further SYNs are dropped.
        for (var waited = 0; connects.Count(c => c.IsCompletedSuccessfully) < 2 && waited < 200; waited++) await Task.Delay(50);
        try
        {
            var module = await PublishCHandlerAsync();
            var live = _runners[0].BaseAddress;
            // Name the silent runner so that it ranks first for this module.
            var silentUrl = Enumerable.Range(0, 1000).Select(i => new Uri($"http://127.0.0.1:{silentPort}/r{i}/"))
                .First(u => RendezvousHashing.Score(u.AbsoluteUri, module.ContentHash) > RendezvousHashing.Score(live.AbsoluteUri, module.ContentHash));
            using var client = new HttpRunnerClient(new HttpRunnerClientOptions
            {
                Runners = [silentUrl, live],
                SharedSecrets = [RunningRunnerService.Secret],
                ConnectTimeout = TimeSpan.FromMilliseconds(300),
                ResponseMargin = TimeSpan.FromSeconds(5),
            });
            Assert.Equal(silentUrl, client.RunnersFor(module.ContentHash)[0]);

            var response = await client.ExecuteAsync(Requests.Get(module, "/log"));

            Assert.True(response.Succeeded, response.Message);
            Assert.Equal(live.AbsoluteUri, response.Statistics.Runner);
        }
        finally
        {
            foreach (var filler in fillers) filler.Dispose();
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
