using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Selegic.Extensions.Platform.ChangeFeed;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tests.Support;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Tests.Installations;

/// <summary>
/// The cluster change feed on a real PostgreSQL: a write on one store instance reaches another
/// node's listeners through NOTIFY, and a node whose LISTEN connection was cut resyncs from the
/// store. Waits are liveness bounds (10 s), not speed claims.
/// </summary>
public sealed class PostgresChangeFeedTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private PostgresTestDatabase _database = null!;
    private PostgresMetadataStore _writer = null!;
    private PostgresMetadataStore _reader = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _writer = new PostgresMetadataStore(_database.ConnectionString);
        _reader = new PostgresMetadataStore(_database.ConnectionString);
        await _writer.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _reader.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
    }

    private sealed class Recorder : IChangeListener
    {
        private readonly List<ChangeNotice> _seen = [];
        public int Resyncs;

        public IReadOnlyList<ChangeNotice> Seen { get { lock (_seen) return [.. _seen]; } }

        public void OnChange(ChangeNotice notice) { lock (_seen) _seen.Add(notice); }

        public Task ResyncAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Resyncs);
            return Task.CompletedTask;
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task A_revocation_written_through_one_store_reaches_another_nodes_deny_set()
    {
        await using var feed = new PostgresChangeFeed(_database.ConnectionString, NullLogger<PostgresChangeFeed>.Instance);
        var recorder = new Recorder();
        var revocations = new RevocationList(_reader, TimeProvider.System);
        feed.Subscribe(recorder);
        feed.Subscribe(revocations);
        await feed.StartAsync(CancellationToken.None);
        Assert.Equal(1, recorder.Resyncs);

        var installation = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var revocation = new TokenRevocation(Guid.NewGuid(), installation, "jti-1", now.AddMinutes(15), now);
        await ((IInstallationStore)_writer).RevokeTokenAsync(revocation,
            new ChangeNotice(ChangeKind.TokenRevoked, revocation.TenantId, installation, Jti: "jti-1", ExpiresAt: revocation.ExpiresAt), CancellationToken.None);

        await EventuallyAsync(() => revocations.IsRevoked(installation, "jti-1"), "the NOTIFY never reached the other node's deny set");
        Assert.False(revocations.IsRevoked(Guid.NewGuid(), "jti-1"));
        Assert.Equal(ChangeKind.TokenRevoked, Assert.Single(recorder.Seen).Kind);
    }

    [Fact]
    public async Task After_its_connection_is_cut_a_node_resyncs_and_learns_what_it_never_heard()
    {
        await using var feed = new PostgresChangeFeed(_database.ConnectionString, NullLogger<PostgresChangeFeed>.Instance);
        var revocations = new RevocationList(_reader, TimeProvider.System);
        feed.Subscribe(revocations);
        await feed.StartAsync(CancellationToken.None);

        // A revocation row that no NOTIFY announced (as if the notice was lost): only a reload finds it.
        var installation = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO token_revocations (installation_id, jti, tenant_id, expires_at, revoked_at) VALUES (@i, 'silent', @t, now() + interval '10 minutes', now())",
                connection);
            insert.Parameters.AddWithValue("i", installation);
            insert.Parameters.AddWithValue("t", Guid.NewGuid());
            await insert.ExecuteNonQueryAsync();
        }
        Assert.False(revocations.IsRevoked(installation, "silent"));

        await using (var admin = new NpgsqlConnection(_database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                $"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{PostgresChangeFeed.ApplicationName}' AND datname = current_database()",
                admin);
            Assert.Equal(1L, await terminate.ExecuteScalarAsync());
        }

        await EventuallyAsync(() => feed.ResyncCount >= 2, "the feed never reconnected and resynced");
        Assert.True(revocations.IsRevoked(installation, "silent"));
    }

    [Fact]
    public async Task An_installation_change_invalidates_another_nodes_cached_copy()
    {
        var (tenant, key, _) = TestData.Tenant();
        await _writer.CreateTenantAsync(tenant, key, CancellationToken.None);
        var extension = await _writer.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), CancellationToken.None);
        var installation = new InstallationRecord(Guid.NewGuid(), tenant.Id, extension.Id, extension.Slug, "1.0.0", "sha256:x", [], "{}",
            new Dictionary<string, string>(), true, 1, 1, TestData.Now, TestData.Now, null);
        var notice = new ChangeNotice(ChangeKind.InstallationChanged, tenant.Id, installation.Id, extension.Slug);
        await ((IInstallationStore)_writer).InsertInstallationAsync(installation, notice, CancellationToken.None);

        await using var feed = new PostgresChangeFeed(_database.ConnectionString, NullLogger<PostgresChangeFeed>.Instance);
        var directory = new InstallationDirectory(_reader);
        feed.Subscribe(directory);
        await feed.StartAsync(CancellationToken.None);
        Assert.Equal(1, (await directory.FindAsync(tenant.Id, installation.Id, CancellationToken.None))!.Epoch);

        var disabled = installation with { Enabled = false, Epoch = 2, Revision = 2 };
        Assert.True(await ((IInstallationStore)_writer).UpdateInstallationAsync(disabled, 1, notice, CancellationToken.None));

        var deadline = DateTime.UtcNow + Bound;
        InstallationRecord? seen;
        while ((seen = await directory.FindAsync(tenant.Id, installation.Id, CancellationToken.None))!.Epoch == 1 && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal((2L, false), (seen.Epoch, seen.Enabled));
        Assert.Equal(2L, (await directory.FindByExtensionAsync(tenant.Id, extension.Slug, CancellationToken.None))!.Epoch);
    }
}
