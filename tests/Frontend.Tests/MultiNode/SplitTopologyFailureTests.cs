using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>A silo node of the split topology killed with SIGKILL while a bounded load runs through the client Frontend.</summary>
public sealed class SplitTopologyFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Handler_calls_through_the_client_succeed_again_within_10_s_of_a_silo_being_killed()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        await using var edge = await cluster.StartNodeAsync("edge", extra: new Dictionary<string, string> { ["Extensions:Cluster:Role"] = "client" });
        using var admin = edge.Client(cluster.AdminKey);
        using var createdResponse = await admin.PostAsJsonAsync("/api/v1/tenants", new { slug = $"kill-{Guid.NewGuid():N}"[..16] });
        var created = await createdResponse.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created);
        using var onEdge = edge.Client(created.ApiKey);
        var extension = $"ext-{Guid.NewGuid():N}"[..16];
        using (var published = await onEdge.PublishAsync(created.Slug, extension, GatewayKit.Bundle(extension, "1.0.0")))
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        using (var installed = await onEdge.PostAsJsonAsync(Api.TenantRoute(created.Slug, "/installations"),
            new { extension, version = "1.0.0", grants = new[] { "cap:storage.kv" } }))
            Assert.Equal(HttpStatusCode.Created, installed.StatusCode);

        // Four callers for 25 s; B is killed 3 s in.
        var clock = Stopwatch.StartNew();
        var calls = new ConcurrentQueue<(double Started, HttpStatusCode Status)>();
        var until = TimeSpan.FromSeconds(25);
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                var started = clock.Elapsed.TotalSeconds;
                using var response = await onEdge.GetAsync($"/api/ext/{extension}/noop");
                calls.Enqueue((started, response.StatusCode));
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = clock.Elapsed.TotalSeconds;
        await cluster.B.KillAsync();
        await Task.WhenAll(load);

        var failed = calls.Where(c => c.Status != HttpStatusCode.OK).ToList();
        var lastFailureStart = failed.Count == 0 ? killedAt : failed.Max(c => c.Started);
        output.WriteLine($"{calls.Count} calls, {failed.Count} failed ({string.Join(", ", failed.Select(c => (int)c.Status).Distinct())}); last failing call started {lastFailureStart - killedAt:0.00} s after the kill");
        Assert.All(calls.Where(c => c.Started < killedAt), c => Assert.Equal(HttpStatusCode.OK, c.Status));
        Assert.All(calls.Where(c => c.Started > killedAt + Recovery.TotalSeconds), c => Assert.Equal(HttpStatusCode.OK, c.Status));
        Assert.Contains(calls, c => c.Started > killedAt + Recovery.TotalSeconds);

        // Writes through the client still land on the survivor.
        using (var save = await onEdge.PostAsJsonAsync($"/api/ext/{extension}/save", new { key = "k", value = "v" }))
            Assert.True(save.StatusCode == HttpStatusCode.Created, await save.Content.ReadAsStringAsync());
    }
}
