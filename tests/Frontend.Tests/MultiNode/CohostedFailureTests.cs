using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// Two co-hosted nodes on one PostgreSQL; node B killed with SIGKILL while a bounded load of handler
/// calls, publishes, installs and revocations runs against node A. The installation was made through
/// B, so its grains (installation, token revocation) live on B until B is declared dead and they
/// come back on A: nothing A accepted is lost, no version exists twice, and handler calls and
/// revocations succeed again within 10 s.
/// </summary>
public sealed class CohostedFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Nothing_accepted_is_lost_and_calls_succeed_again_within_10_s_of_a_node_being_killed()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(logLevel: "Warning");
        using var admin = cluster.A.Client(cluster.AdminKey);
        using var createdResponse = await admin.PostAsJsonAsync("/api/v1/tenants", new { slug = $"kill-{Guid.NewGuid():N}"[..16] });
        var created = await createdResponse.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created);
        var tenant = created.Slug;
        using var onA = cluster.A.Client(created.ApiKey);
        using var onB = cluster.B.Client(created.ApiKey);
        var extension = $"ext-{Guid.NewGuid():N}"[..16];
        var installation = await PublishAndInstallAsync(onB, tenant, extension); // its grains activate on B
        Assert.NotNull(installation);
        var first = await TwoNodeCluster.MintAsync(cluster.B, tenant, created.ApiKey, installation.Value);
        await TwoNodeCluster.PostAsync(cluster.B, tenant, created.ApiKey, installation.Value, "/tokens/revoke", new { jti = first.Jti });

        var clock = Stopwatch.StartNew();
        var calls = new ConcurrentQueue<(double Started, HttpStatusCode Status)>();
        var publishes = new ConcurrentQueue<(string Version, HttpStatusCode Status)>();
        var installs = new ConcurrentQueue<(string Extension, Guid? Id)>();
        var revocations = new ConcurrentQueue<(double Started, string Token, HttpStatusCode Status)>();
        var attempts = 0;

        async Task Repeat(Func<int, Task> step)
        {
            while (clock.Elapsed < LoadTime)
            {
                try
                {
                    await step(Interlocked.Increment(ref attempts));
                }
                catch (HttpRequestException)
                {
                    // a connection cut by the kill: the step is simply not accepted
                }
            }
        }

        var load = new[]
        {
            Repeat(async _ =>
            {
                var started = clock.Elapsed.TotalSeconds;
                using var response = await onA.GetAsync($"/api/ext/{extension}/noop");
                calls.Enqueue((started, response.StatusCode));
            }),
            Repeat(async _ =>
            {
                var started = clock.Elapsed.TotalSeconds;
                using var response = await onA.GetAsync($"/api/ext/{extension}/noop");
                calls.Enqueue((started, response.StatusCode));
            }),
            Repeat(async n =>
            {
                var version = $"1.1.{n}";
                using var response = await onA.PublishAsync(tenant, extension, GatewayKit.Bundle(extension, version));
                publishes.Enqueue((version, response.StatusCode));
            }),
            Repeat(async n =>
            {
                var other = $"in-{n}-{Guid.NewGuid():N}"[..16];
                installs.Enqueue((other, await PublishAndInstallAsync(onA, tenant, other)));
            }),
            Repeat(async _ =>
            {
                var started = clock.Elapsed.TotalSeconds;
                using var minted = await onA.PostAsJsonAsync(Api.TenantRoute(tenant, $"/installations/{installation}/tokens"), new { user = "u-1", ttlSeconds = 600 });
                if (minted.StatusCode != HttpStatusCode.OK) return;
                var token = (await minted.Content.ReadFromJsonAsync<MintedTokenResponse>(ApiJson.Options))!;
                using var revoked = await onA.PostAsJsonAsync(Api.TenantRoute(tenant, $"/installations/{installation}/tokens/revoke"), new { jti = token.Jti });
                revocations.Enqueue((started, token.Token, revoked.StatusCode));
            }),
        };
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = clock.Elapsed.TotalSeconds;
        await cluster.B.KillAsync();
        await Task.WhenAll(load);

        var failed = calls.Where(c => c.Status != HttpStatusCode.OK).ToList();
        var lastFailure = failed.Count == 0 ? killedAt : failed.Max(c => c.Started);
        var refusedRevocations = revocations.Where(r => r.Status != HttpStatusCode.OK).ToList();
        var lastRefusedRevocation = refusedRevocations.Count == 0 ? killedAt : refusedRevocations.Max(r => r.Started);
        output.WriteLine($"handler calls {calls.Count}, failed {failed.Count} ({string.Join(", ", failed.Select(c => (int)c.Status).Distinct())}), last failing call started {lastFailure - killedAt:0.00} s after the kill; " +
            $"publishes {publishes.Count} ({publishes.Count(p => p.Status == HttpStatusCode.Created)} accepted), installs {installs.Count} ({installs.Count(i => i.Id is not null)} accepted), " +
            $"revocations {revocations.Count} ({revocations.Count(r => r.Status == HttpStatusCode.OK)} accepted; last refused one started {lastRefusedRevocation - killedAt:0.00} s after the kill)");
        Assert.All(calls.Where(c => c.Started > killedAt + Recovery.TotalSeconds), c => Assert.Equal(HttpStatusCode.OK, c.Status));
        Assert.Contains(calls, c => c.Started > killedAt + Recovery.TotalSeconds);
        Assert.All(revocations.Where(r => r.Started > killedAt + Recovery.TotalSeconds), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Contains(revocations, r => r.Started > killedAt + Recovery.TotalSeconds);

        // Every accepted publish is listed, and no version twice.
        var listed = (await onA.GetFromJsonAsync<JsonElement>(Api.TenantRoute(tenant, $"/extensions/{extension}/versions"))).GetProperty("items")
            .EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        var acceptedVersions = publishes.Where(p => p.Status == HttpStatusCode.Created).Select(p => p.Version).ToList();
        Assert.NotEmpty(acceptedVersions);
        Assert.All(acceptedVersions, v => Assert.Contains(v, listed));

        // Every accepted install is there.
        var installationIds = (await onA.GetFromJsonAsync<JsonElement>(Api.TenantRoute(tenant, "/installations"))).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
        var acceptedInstalls = installs.Where(i => i.Id is not null).ToList();
        Assert.NotEmpty(acceptedInstalls);
        Assert.All(acceptedInstalls, i => Assert.Contains(i.Id!.Value, installationIds));

        // Every accepted revocation holds.
        var acceptedRevocations = revocations.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(acceptedRevocations);
        using var anonymous = cluster.A.Client();
        foreach (var (_, token, _) in acceptedRevocations)
            Assert.Equal(ErrorCodes.TokenRevoked, await TwoNodeCluster.TokenRefusalAsync(anonymous, token));
    }

    /// <summary>Publishes 1.0.0 of <paramref name="extension"/> and installs it; the installation id, or null when either was not accepted.</summary>
    private static async Task<Guid?> PublishAndInstallAsync(HttpClient client, string tenant, string extension)
    {
        using (var published = await client.PublishAsync(tenant, extension, GatewayKit.Bundle(extension, "1.0.0")))
            if (published.StatusCode != HttpStatusCode.Created) return null;
        using var installed = await client.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"),
            new { extension, version = "1.0.0", grants = new[] { "cap:storage.kv" } });
        if (installed.StatusCode != HttpStatusCode.Created) return null;
        return (await installed.Content.ReadFromJsonAsync<InstallationDto>(ApiJson.Options))!.Id;
    }
}
