using System.Net;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Gateway;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// The split topology as real processes over one PostgreSQL: a Frontend that is an Orleans client
/// (<c>Extensions:Cluster:Role=client</c>) in front of two silo nodes (co-hosted Frontends A and B).
/// </summary>
public sealed class SplitTopologyTests
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_client_frontend_publishes_installs_and_revokes_through_the_silos_and_its_handler_calls_run_there()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        await using var edge = await cluster.StartNodeAsync("edge", extra: new Dictionary<string, string> { ["Extensions:Cluster:Role"] = "client" });
        // The subscription is made by a hosted service that may log after the node says it listens.
        var subscribedBy = DateTime.UtcNow + Propagation;
        while (!edge.OutputLines.Any(line => line.Contains("Subscribed to the cluster's changes")) && DateTime.UtcNow < subscribedBy)
            await Task.Delay(50);
        Assert.Contains(edge.OutputLines, line => line.Contains("Subscribed to the cluster's changes"));

        // A tenant, a publish and an install, all through the client Frontend.
        using var admin = edge.Client(cluster.AdminKey);
        using var createdResponse = await admin.PostAsJsonAsync("/api/v1/tenants", new { slug = $"edge-{Guid.NewGuid():N}"[..16] });
        var created = await createdResponse.ReadAsync<TenantCreatedResponse>(HttpStatusCode.Created);
        var tenant = created.Slug;
        using var onEdge = edge.Client(created.ApiKey);
        var extension = $"ext-{Guid.NewGuid():N}"[..16];
        var bundle = GatewayKit.Bundle(extension, "1.0.0");
        using (var published = await onEdge.PublishAsync(tenant, extension, bundle))
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        using (var again = await onEdge.PublishAsync(tenant, extension, bundle))
            await again.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.VersionExists);
        using var installedResponse = await onEdge.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"),
            new { extension, version = "1.0.0", grants = new[] { "cap:storage.kv" } });
        var installation = await installedResponse.ReadAsync<InstallationDto>(HttpStatusCode.Created);

        // Seen on a silo node.
        using var onA = cluster.A.Client(created.ApiKey);
        using (var seen = await onA.GetAsync(Api.TenantRoute(tenant, $"/installations/{installation.Id}")))
            Assert.Equal(HttpStatusCode.OK, seen.StatusCode);

        // Handler calls through the client run on the silos; one that stores through the Action API too.
        using (var noop = await onEdge.GetAsync($"/api/ext/{extension}/noop"))
            Assert.True(noop.StatusCode == HttpStatusCode.OK, await noop.Content.ReadAsStringAsync());
        using (var save = await onEdge.PostAsJsonAsync($"/api/ext/{extension}/save", new { key = "k", value = "v" }))
            Assert.True(save.StatusCode == HttpStatusCode.Created, await save.Content.ReadAsStringAsync());

        // A token minted on the client and revoked on silo node A is refused by the client.
        var token = await TwoNodeCluster.MintAsync(edge, tenant, created.ApiKey, installation.Id);
        using var anonymousOnEdge = edge.Client();
        Assert.Null(await TwoNodeCluster.TokenRefusalAsync(anonymousOnEdge, token.Token));
        await TwoNodeCluster.PostAsync(cluster.A, tenant, created.ApiKey, installation.Id, "/tokens/revoke", new { jti = token.Jti });
        var deadline = DateTime.UtcNow + Propagation;
        string? refusal;
        while ((refusal = await TwoNodeCluster.TokenRefusalAsync(anonymousOnEdge, token.Token)) is null && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(ErrorCodes.TokenRevoked, refusal);

        // Disabled through the client: refused on the silo node and on the client.
        await TwoNodeCluster.PostAsync(edge, tenant, created.ApiKey, installation.Id, "/disable");
        using (var disabled = await onEdge.GetAsync($"/api/ext/{extension}/noop"))
            Assert.NotEqual(HttpStatusCode.OK, disabled.StatusCode);

        // The client serves the Orleans dashboard: without the sign-in cookie 401, with it both silos.
        using var dashboard = new HttpClient { BaseAddress = edge.BaseAddress };
        using (var anonymous = await dashboard.GetAsync("/ops/dashboard/DashboardCounters"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        dashboard.DefaultRequestHeaders.Add("Cookie", $"scrm_ops={Uri.EscapeDataString(cluster.AdminKey)}");
        var hosts = 0;
        for (var attempt = 0; attempt < 120 && hosts < 2; attempt++) // it collects once a second: a liveness bound
        {
            if (attempt > 0) await Task.Delay(250);
            using var counters = await dashboard.GetAsync("/ops/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            hosts = System.Text.Json.JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement.GetProperty("hosts").GetArrayLength();
        }
        Assert.Equal(2, hosts);
    }
}
