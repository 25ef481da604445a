using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>
/// Two real Frontend processes sharing one PostgreSQL, each co-hosting a silo of one Orleans cluster:
/// a publish, an install, a revocation or a disable on node A must be honoured by node B (pushed
/// silo to silo, or reloaded by a node as it joins). The
/// waits are liveness bounds (10 s) for an eventually consistent cluster, not speed claims;
/// propagation speed is measured in bench/RevocationPropagation.
/// </summary>
public sealed class MultiNodeTests
{
    private const string SecretValue = "multi-node-secret-value-7f3e9a";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Revocations_and_disables_on_node_A_are_refused_on_node_B_and_secrets_never_reach_the_logs()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(logLevel: "Trace");
        var (tenant, key, installation) = await cluster.InstalledExtensionAsync(cluster.A, SecretValue);
        using var onA = cluster.A.Client();
        using var onB = cluster.B.Client();

        var revoked = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
        var kept = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
        var mintedOnB = await TwoNodeCluster.MintAsync(cluster.B, tenant, key, installation.Id);
        foreach (var token in new[] { revoked, kept, mintedOnB })
        {
            Assert.Null(await TwoNodeCluster.TokenRefusalAsync(onA, token.Token));
            Assert.Null(await TwoNodeCluster.TokenRefusalAsync(onB, token.Token)); // B has the installation cached now
        }

        // The secret sealed on A opens on B (shared sealing key) through the Action API.
        var secret = await TwoNodeCluster.CallActionAsync(onB, kept.Token, "secrets.get", new { name = "api_key" });
        Assert.Equal(HttpStatusCode.OK, secret.Status);
        Assert.Equal(SecretValue, secret.Body.GetProperty("value").GetString());

        // One jti revoked on A: B refuses it on every call (Action API and self-check), the other tokens still work on B.
        await TwoNodeCluster.PostAsync(cluster.A, tenant, key, installation.Id, "/tokens/revoke", new { jti = revoked.Jti });
        Assert.Equal(ErrorCodes.TokenRevoked, await TwoNodeCluster.TokenRefusalAsync(onA, revoked.Token));
        await AssertEventuallyRefusedAsync(onB, revoked.Token);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ErrorCodes.TokenRevoked, await TwoNodeCluster.TokenRefusalAsync(onB, revoked.Token));
            await AssertActionRefusedAsync(onB, revoked.Token);
        }
        Assert.Null(await TwoNodeCluster.TokenRefusalAsync(onB, kept.Token));
        Assert.Equal(HttpStatusCode.OK, (await TwoNodeCluster.CallActionAsync(onB, kept.Token, "storage.get", new { key = "k" })).Status);

        // Disable on A: B stops accepting every token of the installation, including those B minted.
        await TwoNodeCluster.PostAsync(cluster.A, tenant, key, installation.Id, "/disable");
        await AssertEventuallyRefusedAsync(onB, kept.Token);
        await AssertEventuallyRefusedAsync(onB, mintedOnB.Token);
        await AssertActionRefusedAsync(onB, kept.Token);
        await AssertActionRefusedAsync(onB, mintedOnB.Token);

        // Enabled again on B, a new token minted on B works on A; revoke-all on B kills it on A.
        await TwoNodeCluster.PostAsync(cluster.B, tenant, key, installation.Id, "/enable");
        var fresh = await TwoNodeCluster.MintAsync(cluster.B, tenant, key, installation.Id);
        await AssertEventuallyAcceptedAsync(onA, fresh.Token);
        await TwoNodeCluster.PostAsync(cluster.B, tenant, key, installation.Id, "/tokens/revoke-all");
        await AssertEventuallyRefusedAsync(onA, fresh.Token);

        var lines = cluster.A.OutputLines.Concat(cluster.B.OutputLines).ToList();
        Assert.True(lines.Count > 50, $"expected Trace logging from both nodes, got {lines.Count} lines");
        Assert.DoesNotContain(lines, line => line.Contains(SecretValue, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(TwoNodeCluster.TokenSecret.Split(':')[1], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(TwoNodeCluster.SealingKeys.Split(':')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_publish_and_an_install_on_node_A_are_seen_on_node_B_and_the_version_cannot_be_published_again_there()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var (tenant, key, installation) = await cluster.InstalledExtensionAsync(cluster.A, SecretValue);
        using var onB = cluster.B.Client(key);

        var versions = await onB.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/extensions/{TwoNodeCluster.ExtensionSlug}/versions");
        Assert.Equal("1.0.0", Assert.Single(versions.GetProperty("items").EnumerateArray()).GetProperty("version").GetString());
        using (var again = await TwoNodeCluster.PublishAsync(cluster.B, tenant, key))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains($"\"code\":\"{ErrorCodes.VersionExists}\"", await again.Content.ReadAsStringAsync());
        }

        var installations = await onB.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/installations");
        Assert.Equal(installation.Id, Assert.Single(installations.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var minted = await TwoNodeCluster.MintAsync(cluster.B, tenant, key, installation.Id);
        using var anonymousOnB = cluster.B.Client();
        Assert.Null(await TwoNodeCluster.TokenRefusalAsync(anonymousOnB, minted.Token));
    }

    [Fact]
    public async Task A_node_that_joins_after_a_revocation_refuses_the_token_at_once_and_its_own_revocations_reach_the_others()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var (tenant, key, installation) = await cluster.InstalledExtensionAsync(cluster.A, SecretValue);
        var revoked = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
        var kept = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
        await TwoNodeCluster.PostAsync(cluster.A, tenant, key, installation.Id, "/tokens/revoke", new { jti = revoked.Jti });

        await using var late = await cluster.StartNodeAsync("C");
        using var onC = late.Client();
        Assert.Equal(ErrorCodes.TokenRevoked, await TwoNodeCluster.TokenRefusalAsync(onC, revoked.Token));
        Assert.Null(await TwoNodeCluster.TokenRefusalAsync(onC, kept.Token));

        using var onA = cluster.A.Client();
        using var onB = cluster.B.Client();
        Assert.Null(await TwoNodeCluster.TokenRefusalAsync(onB, kept.Token)); // B has the installation cached now
        await TwoNodeCluster.PostAsync(late, tenant, key, installation.Id, "/tokens/revoke-all");
        await AssertEventuallyRefusedAsync(onA, kept.Token);
        await AssertEventuallyRefusedAsync(onB, kept.Token);
    }

    private static async Task AssertEventuallyRefusedAsync(HttpClient node, string token)
    {
        var deadline = DateTime.UtcNow + Propagation;
        string? refusal;
        while ((refusal = await TwoNodeCluster.TokenRefusalAsync(node, token)) is null && DateTime.UtcNow < deadline)
            await Task.Delay(5);
        Assert.Equal(ErrorCodes.TokenRevoked, refusal);
    }

    private static async Task AssertActionRefusedAsync(HttpClient node, string token)
    {
        var (status, body) = await TwoNodeCluster.CallActionAsync(node, token, "storage.get", new { key = "k" });
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(ErrorCodes.TokenRevoked, body.GetProperty("code").GetString());
    }

    private static async Task AssertEventuallyAcceptedAsync(HttpClient node, string token)
    {
        var deadline = DateTime.UtcNow + Propagation;
        string? refusal;
        while ((refusal = await TwoNodeCluster.TokenRefusalAsync(node, token)) is not null && DateTime.UtcNow < deadline)
            await Task.Delay(5);
        Assert.Null(refusal);
    }
}
