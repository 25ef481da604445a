using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// A handler's own log lines (scrm.log from the clang-built handler) reach its installation's log,
/// read back through GET .../installations/{id}/logs over real HTTP on PostgreSQL: routes, actions,
/// failed executions, isolation between installations, and the bounds a flooding handler meets.
/// </summary>
public sealed class HandlerLogTests(GatewayServer fixture) : IClassFixture<GatewayServer>
{
    /// <summary>The handler logs debug, info, warn, error in that order; the log reads newest first.</summary>
    private static readonly string[] LevelsNewestFirst = ["error", "warn", "info", "debug"];

    /// <summary>Lines the Runner keeps of one execution (GuestLogBuffer.MaxEntries, internal to the Runner).</summary>
    private const int GuestLogBufferMaxEntries = 100;

    private RunningServer Server => fixture.Server;

    internal static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Route_handler_lines_appear_with_their_levels_source_and_request()
    {
        var installed = await Server.InstallHandlerAsync();
        var tag = NewTag();
        using var client = Server.WithKey(installed.TenantKey);
        using (var response = await client.GetAsync(installed.Route($"/log?{tag}")))
            Assert.Equal("logged", await response.Content.ReadAsStringAsync());

        var lines = Tagged(await Server.InstallationLogAsync(installed, entries => Tagged(entries, tag).Count >= 4), tag);

        Assert.Equal(LevelsNewestFirst, lines.Select(e => e.Level));
        Assert.Equal(LevelsNewestFirst.Select(level => $"{level} {tag}"), lines.Select(e => e.Message));
        Assert.All(lines, e =>
        {
            Assert.Equal("handler", e.Source);
            Assert.Equal("GET /log", e.Fields!.Value.GetProperty("route").GetString());
            Assert.False(string.IsNullOrEmpty(e.Fields.Value.GetProperty("requestId").GetString()));
            Assert.StartsWith("tenant-key:", e.User);
        });
    }

    [Fact]
    public async Task Trapping_handler_leaves_its_lines_and_the_trap_in_the_log()
    {
        var installed = await Server.InstallHandlerAsync();
        var tag = NewTag();
        using var client = Server.WithKey(installed.TenantKey);
        using (var response = await client.GetAsync(installed.Route($"/log-trap?{tag}")))
            await response.AssertProblemAsync(HttpStatusCode.BadGateway, "handler_trap");

        var entries = await Server.InstallationLogAsync(installed, entries => Tagged(entries, tag).Count >= 4 && entries.Any(IsTrap));

        var trap = entries[0]; // the failure is the execution's last line
        Assert.True(IsTrap(trap), trap.Message);
        Assert.Equal("error", trap.Level);
        Assert.Equal("handler", trap.Source);
        Assert.Equal("handler_trap", trap.Fields!.Value.GetProperty("code").GetString());
        Assert.Equal("GET /log-trap", trap.Fields.Value.GetProperty("route").GetString());
        Assert.Equal(LevelsNewestFirst, Tagged(entries, tag).Select(e => e.Level));
    }

    [Fact]
    public async Task Extension_action_handler_lines_appear_with_the_action_named()
    {
        var installed = await Server.InstallHandlerAsync();
        var tag = NewTag();
        using var client = Server.WithKey(installed.TenantKey);
        using (var response = await client.PostAsync(Api.TenantRoute(installed.Tenant, $"/actions/{installed.Extension}.log"),
            new StringContent($$"""{"tag":"{{tag}}"}""", Encoding.UTF8, "application/json")))
            Assert.True((await response.JsonAsync()).GetProperty("logged").GetBoolean());

        var lines = Tagged(await Server.InstallationLogAsync(installed, entries => Tagged(entries, tag).Count >= 4), tag);

        Assert.Equal(LevelsNewestFirst, lines.Select(e => e.Level));
        Assert.All(lines, e =>
        {
            Assert.Equal("handler", e.Source);
            Assert.Equal("log", e.Fields!.Value.GetProperty("action").GetString());
        });
    }

    [Fact]
    public async Task Lines_of_one_installation_never_appear_in_anothers_log()
    {
        var tenant = await Server.NewTenantAsync("gw");
        var first = await Server.InstallHandlerAsync(tenant: tenant);
        var sameTenant = await Server.InstallHandlerAsync(tenant: tenant);
        var otherTenant = await Server.InstallHandlerAsync();
        var tags = new Dictionary<InstalledHandler, string> { [first] = NewTag(), [sameTenant] = NewTag(), [otherTenant] = NewTag() };
        foreach (var (installed, tag) in tags)
        {
            using var client = Server.WithKey(installed.TenantKey);
            using var response = await client.GetAsync(installed.Route($"/log?{tag}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        foreach (var (installed, tag) in tags)
        {
            var entries = await Server.InstallationLogAsync(installed, entries => Tagged(entries, tag).Count >= 4);
            Assert.Equal(4, Tagged(entries, tag).Count);
            Assert.All(entries, e => Assert.EndsWith(" " + tag, e.Message));
        }
    }

    [Fact]
    public async Task Handler_logging_the_most_it_may_on_every_call_stays_within_the_log_bounds()
    {
        var flooder = await Server.InstallHandlerAsync();
        var neighbour = await Server.InstallHandlerAsync();
        var keepLast = Server.Services.GetRequiredService<LogOptions>().KeepLast;
        var calls = keepLast / 100 + 5; // each call keeps 100 lines plus one "dropped" line: more than the log keeps
        using (var attacker = Server.WithKey(flooder.TenantKey))
            for (var i = 0; i < calls; i++)
            {
                using var response = await attacker.GetAsync(flooder.Route("/log-flood"));
                Assert.Equal("flooded", await response.Content.ReadAsStringAsync());
            }
        var tag = NewTag();
        using (var other = Server.WithKey(neighbour.TenantKey))
        using (var response = await other.GetAsync(neighbour.Route($"/log?{tag}")))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The neighbour called last and its lines were queued after the flood's: once they are in, the flood's are written.
        Assert.Equal(4, Tagged(await Server.InstallationLogAsync(neighbour, entries => Tagged(entries, tag).Count >= 4), tag).Count);
        var flooded = await Server.InstallationLogAsync(flooder, entries => entries.Count > 0);

        Assert.InRange(flooded.Count, GuestLogBufferMaxEntries + 1, keepLast);
        Assert.Contains(flooded, e => e.Level == "warn" && e.Message.StartsWith("400 log lines dropped", StringComparison.Ordinal));
        Assert.All(flooded, e => Assert.Equal("handler", e.Source));
    }

    [Fact]
    public async Task Queue_caps_each_installations_waiting_lines_counts_drops_and_writes_the_rest_when_stopped()
    {
        var flooder = await CallerAsync(await Server.InstallHandlerAsync());
        var neighbour = await CallerAsync(await Server.InstallHandlerAsync());
        var store = Server.Services.GetRequiredService<IActionDataStore>();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "gateway.handler_logs_dropped") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        using var metrics = new GatewayMetrics(factory);
        // Not started: nothing is written until it stops, so what the queue holds is exact.
        var logs = new GatewayHandlerLogs(store, new LogOptions { KeepLast = 5, MaxMessageLength = 20 }, metrics, TimeProvider.System,
            NullLogger<GatewayHandlerLogs>.Instance);
        var request = new ExecuteRequest { Module = null!, Method = "GET", Path = "/log", RequestId = "r-1" };
        ExecuteResponse Logged(string text) => new()
        {
            Status = 200,
            Logs = [new GuestLogEntry(GuestLogLevel.Info, text + " one"), new GuestLogEntry(GuestLogLevel.Warn, text + " two, a long line cut to fit")],
        };

        logs.Record(flooder, request, Logged("a"));
        logs.Record(flooder, request, Logged("b"));
        logs.Record(flooder, request, Logged("c")); // 6 lines would wait, the log keeps 5: refused whole
        logs.Record(neighbour, request, Logged("n"));
        logs.Record(neighbour, request, new ExecuteResponse { Status = 204 }); // nothing logged: nothing queued
        logs.Record(neighbour, request, ExecuteResponse.Failure(RunnerCodes.RunnerUnavailable, "down")); // the platform's failure, not the handler's
        Assert.Equal(2, Interlocked.Read(ref dropped));

        await logs.StartAsync(CancellationToken.None);
        await logs.StopAsync(CancellationToken.None);

        var flooded = await store.ListLogsAsync(flooder.TenantId, flooder.Installation.Id, null, 100, CancellationToken.None);
        Assert.Equal(["b two, a long line …", "b one", "a two, a long line …", "a one"], flooded.Entries.Select(e => e.Message));
        Assert.All(flooded.Entries, e => Assert.Equal(InstallationLogSources.Handler, e.Source));
        var other = await store.ListLogsAsync(neighbour.TenantId, neighbour.Installation.Id, null, 100, CancellationToken.None);
        Assert.Equal(["n two, a long line …", "n one"], other.Entries.Select(e => e.Message));
        Assert.Equal(2, Interlocked.Read(ref dropped));
    }

    private async Task<GatewayCaller> CallerAsync(InstalledHandler installed)
    {
        var tenant = await Server.Services.GetRequiredService<IMetadataStore>().GetTenantBySlugAsync(installed.Tenant, CancellationToken.None);
        var installation = await Server.Services.GetRequiredService<IInstallationDirectory>().FindAsync(tenant!.Id, installed.InstallationId, CancellationToken.None);
        return new GatewayCaller(tenant.Id, tenant.Slug, installation!, "u-1", "test");
    }

    internal static bool IsTrap(InstallationLogEntryDto entry) => entry.Message.StartsWith("handler_trap: ", StringComparison.Ordinal);

    internal static List<InstallationLogEntryDto> Tagged(IEnumerable<InstallationLogEntryDto> entries, string tag) =>
        entries.Where(e => e.Message.EndsWith(" " + tag, StringComparison.Ordinal)).ToList();
}
