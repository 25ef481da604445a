using System.Net;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Publishing;

/// <summary>Versions are immutable under concurrency: of 20 simultaneous publishes of one version, exactly one wins.</summary>
public abstract class ConcurrentPublishTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;
    private const int Publishers = 20;

    [Fact]
    public async Task Twenty_concurrent_publishes_of_one_version_give_one_201_and_nineteen_409()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        // Different bytes per publisher (padding), so the race is on the version row, not on one blob.
        var bundles = Enumerable.Range(0, Publishers).Select(i => TestBundles.Valid("race", "1.0.0", padding: 64 + i)).ToArray();

        using var start = new SemaphoreSlim(0, Publishers);
        var attempts = bundles.Select(async bundle =>
        {
            await start.WaitAsync();
            using var response = await client.PublishAsync(tenant, "race", bundle);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), Hash: TestBundles.Sha256(bundle));
        }).ToArray();
        start.Release(Publishers);
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Created), loser =>
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains($"\"code\":\"{ErrorCodes.VersionExists}\"", loser.Body);
        });

        using var versions = await client.GetAsync(Api.VersionsRoute(tenant, "race"));
        Assert.Equal(winner.Hash, Assert.Single((await versions.ReadAsync<ListResponse<VersionSummary>>()).Items).ContentHash);

        // Losers wrote their blobs before losing; each removed its own, so only the winner's remains.
        var hexes = results.Select(r => r.Hash["sha256:".Length..]).ToList();
        var stored = Server.BlobFiles().Where(file => hexes.Any(hex => file.Contains(hex, StringComparison.Ordinal))).ToList();
        Assert.Contains(winner.Hash["sha256:".Length..], Assert.Single(stored));

        using var audit = await client.GetAsync(Api.TenantRoute(tenant, "/audit?limit=100"));
        var records = (await audit.ReadAsync<ListResponse<AuditRecordDto>>()).Items;
        Assert.Single(records, r => r.Outcome == AuditOutcomes.Success);
        Assert.Equal(Publishers - 1, records.Count(r => r.Outcome == AuditOutcomes.Failure && r.ErrorCode == ErrorCodes.VersionExists));
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.0.1")]
    [InlineData("1.0.2")]
    [InlineData("1.0.3")] // several rounds: each race on the blob is only likely, not certain
    public async Task Twenty_concurrent_publishes_of_the_same_bytes_give_one_201_and_nineteen_409_and_keep_the_one_blob(string version)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        // One bundle for all: the race is also on its blob, which the store writes create-only.
        var bundle = TestBundles.Valid("same", version);

        using var start = new SemaphoreSlim(0, Publishers);
        var attempts = Enumerable.Range(0, Publishers).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await client.PublishAsync(tenant, "same", bundle);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        start.Release(Publishers);
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Created), loser =>
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains($"\"code\":\"{ErrorCodes.VersionExists}\"", loser.Body);
        });
        var hex = TestBundles.Sha256(bundle)["sha256:".Length..];
        Assert.Single(Server.BlobFiles(), file => file.Contains(hex, StringComparison.Ordinal));
    }
}

public sealed class ConcurrentPublishTestsOnSqlite(SqliteServer fixture) : ConcurrentPublishTests(fixture), IClassFixture<SqliteServer>;

public sealed class ConcurrentPublishTestsOnPostgres(PostgresServer fixture) : ConcurrentPublishTests(fixture), IClassFixture<PostgresServer>;
