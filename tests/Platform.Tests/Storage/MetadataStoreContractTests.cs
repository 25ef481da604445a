using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IMetadataStore"/> backend promises. Each backend runs all of it
/// (see <see cref="SqliteMetadataStoreContractTests"/> and <see cref="PostgresMetadataStoreContractTests"/>),
/// each test on a fresh database.
/// </summary>
public abstract class MetadataStoreContractTests : IAsyncLifetime
{
    private readonly List<IMetadataStore> _opened = [];
    private StoreBackend _backend = null!;

    protected IMetadataStore Store { get; private set; } = null!;
    protected static CancellationToken None => CancellationToken.None;

    protected abstract Task<StoreBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        Store = await OpenMigratedStoreAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
            await store.DisposeAsync();
        await _backend.DisposeAsync();
    }

    /// <summary>Another store instance over the same database, as a second node would have.</summary>
    protected SqlMetadataStore OpenStore()
    {
        var store = _backend.OpenStore();
        _opened.Add(store);
        return store;
    }

    private async Task<IMetadataStore> OpenMigratedStoreAsync()
    {
        var store = OpenStore();
        await store.MigrateAsync(None);
        return store;
    }

    private async Task<TenantRecord> CreateTenantAsync(string? slug = null)
    {
        var (tenant, key, _) = TestData.Tenant(slug);
        await Store.CreateTenantAsync(tenant, key, None);
        return tenant;
    }

    private static async Task<long> CountAsync(SqlMetadataStore store, string sql)
    {
        await using var connection = await store.OpenConnectionAsync(None);
        await using var command = store.Command(connection, null, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    // ---- migrations and readiness ----------------------------------------------------------

    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_data()
    {
        var tenant = await CreateTenantAsync();

        await Store.MigrateAsync(None);
        var again = OpenStore();
        await again.MigrateAsync(None);

        Assert.Equal(tenant.Slug, (await again.GetTenantAsync(tenant.Id, None))?.Slug);
        Assert.Equal(1, await CountAsync(again, "SELECT COUNT(*) FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task Nodes_migrating_the_same_fresh_database_at_once_all_succeed_and_apply_each_version_once()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToList();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync(None))));

        Assert.Equal(1, await CountAsync(nodes[0], "SELECT COUNT(*) FROM schema_migrations WHERE version = 1"));
        Assert.Equal(await CountAsync(nodes[0], "SELECT COUNT(DISTINCT version) FROM schema_migrations"),
            await CountAsync(nodes[0], "SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_with_schema_version_unknown()
    {
        var store = (SqlMetadataStore)Store;
        await using (var connection = await store.OpenConnectionAsync(None))
            await store.ExecuteAsync(connection, null,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', @at)", None, ("at", TestData.Now));

        var error = await Assert.ThrowsAsync<PlatformException>(() => OpenStore().MigrateAsync(None));

        Assert.Equal(PlatformErrorCodes.SchemaVersionUnknown, error.Code);
        Assert.Contains("999", error.Message);
    }

    [Fact]
    public async Task Ping_succeeds_on_a_reachable_store()
    {
        await Store.PingAsync(None);
        // a ping is a real round trip: the store still answers queries afterwards
        Assert.Empty(await Store.ListTenantsAsync(None));
    }

    // ---- tenants ---------------------------------------------------------------------------

    [Fact]
    public async Task A_created_tenant_is_found_by_id_and_slug_with_its_admin_key()
    {
        var (tenant, key, plain) = TestData.Tenant();

        await Store.CreateTenantAsync(tenant, key, None);

        Assert.Equal(tenant, await Store.GetTenantAsync(tenant.Id, None));
        Assert.Equal(tenant, await Store.GetTenantBySlugAsync(tenant.Slug, None));
        var storedKey = await Store.FindApiKeyByHashAsync(ApiKeys.Hash(plain), None);
        Assert.Equal(key, storedKey);
        Assert.Equal(TimeSpan.Zero, storedKey!.CreatedAt.Offset);
    }

    [Fact]
    public async Task A_duplicate_tenant_slug_is_refused_with_tenant_exists_and_leaves_no_key_behind()
    {
        var first = await CreateTenantAsync();
        var (second, secondKey, _) = TestData.Tenant(first.Slug);

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.CreateTenantAsync(second, secondKey, None));

        Assert.Equal(PlatformErrorCodes.TenantExists, error.Code);
        Assert.Null(await Store.GetTenantAsync(second.Id, None));
        Assert.Null(await Store.FindApiKeyByHashAsync(secondKey.KeyHash, None));
    }

    [Fact]
    public async Task A_tenant_whose_first_key_cannot_be_stored_is_not_created_either()
    {
        var existing = TestData.Tenant();
        await Store.CreateTenantAsync(existing.Tenant, existing.Key, None);
        var (tenant, key, _) = TestData.Tenant();
        var clashingKey = key with { KeyHash = existing.Key.KeyHash };

        await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.CreateTenantAsync(tenant, clashingKey, None));

        Assert.Null(await Store.GetTenantBySlugAsync(tenant.Slug, None));
    }

    [Fact]
    public async Task Tenant_settings_are_updated_and_unknown_tenants_report_false()
    {
        var tenant = await CreateTenantAsync();

        Assert.True(await Store.UpdateTenantSettingsAsync(tenant.Id, new TenantSettings(RequireSignatures: true), None));
        Assert.False(await Store.UpdateTenantSettingsAsync(Guid.NewGuid(), new TenantSettings(true), None));

        Assert.True((await Store.GetTenantAsync(tenant.Id, None))!.Settings.RequireSignatures);
    }

    [Fact]
    public async Task Tenants_are_listed_by_slug()
    {
        await CreateTenantAsync("zeta-corp");
        await CreateTenantAsync("acme-corp");

        Assert.Equal(["acme-corp", "zeta-corp"], (await Store.ListTenantsAsync(None)).Select(t => t.Slug));
    }

    // ---- API keys --------------------------------------------------------------------------

    [Fact]
    public async Task Keys_are_listed_per_scope_and_revoked_only_within_their_scope()
    {
        var a = TestData.Tenant();
        var b = TestData.Tenant();
        await Store.CreateTenantAsync(a.Tenant, a.Key, None);
        await Store.CreateTenantAsync(b.Tenant, b.Key, None);
        var admin = new ApiKeyRecord(Guid.NewGuid(), null, ApiKeyRole.PlatformAdmin, ApiKeys.Hash("admin-key"), "adm", TestData.Now);
        await Store.InsertApiKeyAsync(admin, None);

        Assert.Equal([a.Key.Id], (await Store.ListApiKeysAsync(a.Tenant.Id, None)).Select(k => k.Id));
        Assert.Equal([admin.Id], (await Store.ListApiKeysAsync(null, None)).Select(k => k.Id));

        Assert.False(await Store.RevokeApiKeyAsync(b.Tenant.Id, a.Key.Id, TestData.Now, None));
        Assert.False(await Store.RevokeApiKeyAsync(null, a.Key.Id, TestData.Now, None));
        Assert.Null((await Store.FindApiKeyByHashAsync(a.Key.KeyHash, None))!.RevokedAt);

        Assert.True(await Store.RevokeApiKeyAsync(a.Tenant.Id, a.Key.Id, TestData.Now.AddHours(1), None));
        Assert.Equal(TestData.Now.AddHours(1), (await Store.FindApiKeyByHashAsync(a.Key.KeyHash, None))!.RevokedAt);
        Assert.True(await Store.RevokeApiKeyAsync(null, admin.Id, TestData.Now, None));
    }

    [Fact]
    public async Task Keys_with_a_role_that_contradicts_their_tenant_are_refused()
    {
        var tenant = await CreateTenantAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.InsertApiKeyAsync(
            new ApiKeyRecord(Guid.NewGuid(), tenant.Id, ApiKeyRole.PlatformAdmin, ApiKeys.Hash("x1"), "x", TestData.Now), None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.InsertApiKeyAsync(
            new ApiKeyRecord(Guid.NewGuid(), null, ApiKeyRole.TenantAdmin, ApiKeys.Hash("x2"), "x", TestData.Now), None));
        var unknownTenant = await Assert.ThrowsAsync<NotFoundException>(() => Store.InsertApiKeyAsync(
            new ApiKeyRecord(Guid.NewGuid(), Guid.NewGuid(), ApiKeyRole.TenantAdmin, ApiKeys.Hash("x3"), "x", TestData.Now), None));
        Assert.Equal(PlatformErrorCodes.NotFound, unknownTenant.Code);

        Assert.Single(await Store.ListApiKeysAsync(tenant.Id, None));
        Assert.Empty(await Store.ListApiKeysAsync(null, None));
    }

    // ---- platform settings -----------------------------------------------------------------

    [Fact]
    public async Task Platform_settings_are_set_overwritten_and_added_only_once()
    {
        Assert.Null(await Store.GetPlatformSettingAsync("k", None));
        await Store.SetPlatformSettingAsync("k", "v1", None);
        await Store.SetPlatformSettingAsync("k", "v2", None);
        Assert.Equal("v2", await Store.GetPlatformSettingAsync("k", None));

        Assert.True(await Store.TryAddPlatformSettingAsync("once", "first", None));
        Assert.False(await Store.TryAddPlatformSettingAsync("once", "second", None));
        Assert.Equal("first", await Store.GetPlatformSettingAsync("once", None));
    }

    [Fact]
    public async Task Of_concurrent_nodes_adding_one_setting_exactly_one_wins()
    {
        var nodes = Enumerable.Range(0, 10).Select(_ => OpenStore()).ToList();

        var results = await Task.WhenAll(nodes.Select((n, i) => Task.Run(() => n.TryAddPlatformSettingAsync("race", $"node-{i}", None))));

        var winner = Assert.Single(Enumerable.Range(0, results.Length), i => results[i]);
        Assert.Equal($"node-{winner}", await Store.GetPlatformSettingAsync("race", None));
    }

    // ---- extensions and versions -----------------------------------------------------------

    [Fact]
    public async Task GetOrCreateExtension_creates_once_and_then_returns_the_stored_row()
    {
        var tenant = await CreateTenantAsync();
        var candidate = TestData.Extension(tenant.Id, "vacation-trip");

        var created = await Store.GetOrCreateExtensionAsync(candidate, None);
        var again = await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id, "vacation-trip") with { Name = "Other" }, None);

        Assert.Equal(candidate, created);
        Assert.Equal(created, again);
        Assert.Equal([created], await Store.ListExtensionsAsync(tenant.Id, None));
    }

    [Fact]
    public async Task Concurrent_first_publishes_of_one_extension_all_get_the_same_row()
    {
        var tenant = await CreateTenantAsync();
        var nodes = Enumerable.Range(0, 10).Select(_ => OpenStore()).ToList();

        var rows = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id, "vacation-trip"), None))));

        Assert.Single(rows.Select(r => r.Id).Distinct());
        Assert.Single(await Store.ListExtensionsAsync(tenant.Id, None));
    }

    [Fact]
    public async Task An_extension_for_an_unknown_tenant_is_refused()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Store.GetOrCreateExtensionAsync(TestData.Extension(Guid.NewGuid()), None));
        Assert.Equal(PlatformErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task Versions_round_trip_and_are_listed_oldest_first()
    {
        var tenant = await CreateTenantAsync();
        var extension = await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), None);
        var first = TestData.Version(extension, "1.0.0", new VersionSignature("key-1", "MEUCIQ=="));
        var second = TestData.Version(extension, "1.1.0-beta.1") with { CreatedAt = TestData.Now.AddMinutes(1) };

        await Store.InsertVersionAsync(first, None);
        await Store.InsertVersionAsync(second, None);

        Assert.Equal(first, await Store.GetVersionAsync(tenant.Id, extension.Slug, "1.0.0", None));
        Assert.Equal([first, second], await Store.ListVersionsAsync(tenant.Id, extension.Slug, None));
        Assert.Null(await Store.GetVersionAsync(tenant.Id, extension.Slug, "2.0.0", None));
        Assert.Empty(await Store.ListVersionsAsync(tenant.Id, "no-such-extension", None));
    }

    [Fact]
    public async Task A_tenants_versions_of_every_extension_are_listed_together_oldest_first_and_no_one_elses()
    {
        var tenant = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        var trips = await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id, "trips"), None);
        var notes = await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id, "notes"), None);
        var foreign = await Store.GetOrCreateExtensionAsync(TestData.Extension(other.Id, "trips"), None);
        var tripsOld = TestData.Version(trips, "1.0.0");
        var notesMid = TestData.Version(notes, "0.1.0") with { CreatedAt = TestData.Now.AddMinutes(1) };
        var tripsNew = TestData.Version(trips, "2.0.0") with { CreatedAt = TestData.Now.AddMinutes(2) };
        foreach (var version in new[] { tripsNew, tripsOld, notesMid, TestData.Version(foreign, "9.9.9") })
            await Store.InsertVersionAsync(version, None);

        Assert.Equal([tripsOld, notesMid, tripsNew], await Store.ListTenantVersionsAsync(tenant.Id, None));
        Assert.Empty(await Store.ListTenantVersionsAsync(Guid.NewGuid(), None));
    }

    [Fact]
    public async Task A_duplicate_version_is_refused_with_version_exists_and_the_first_stays()
    {
        var tenant = await CreateTenantAsync();
        var extension = await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), None);
        var first = TestData.Version(extension);
        await Store.InsertVersionAsync(first, None);

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() =>
            Store.InsertVersionAsync(TestData.Version(extension) with { ContentHash = "sha256:" + new string('c', 64) }, None));

        Assert.Equal(PlatformErrorCodes.VersionExists, error.Code);
        Assert.Equal([first], await Store.ListVersionsAsync(tenant.Id, extension.Slug, None));
    }

    [Fact]
    public async Task Of_twenty_concurrent_inserts_of_one_version_exactly_one_wins_and_the_rest_get_version_exists()
    {
        var tenant = await CreateTenantAsync();
        var extension = await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), None);
        var nodes = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await nodes[i % nodes.Count].InsertVersionAsync(TestData.Version(extension, "2.0.0"), None);
                return "won";
            }
            catch (AlreadyExistsException e)
            {
                return e.Code;
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(19, outcomes.Count(o => o == PlatformErrorCodes.VersionExists));
        Assert.Single(await Store.ListVersionsAsync(tenant.Id, extension.Slug, None));
    }

    [Fact]
    public async Task A_version_filed_under_another_tenants_extension_is_refused_and_not_stored()
    {
        var owner = await CreateTenantAsync();
        var intruder = await CreateTenantAsync();
        var extension = await Store.GetOrCreateExtensionAsync(TestData.Extension(owner.Id), None);

        var error = await Assert.ThrowsAsync<NotFoundException>(() =>
            Store.InsertVersionAsync(TestData.Version(extension) with { TenantId = intruder.Id }, None));

        Assert.Equal(PlatformErrorCodes.NotFound, error.Code);
        Assert.Empty(await Store.ListVersionsAsync(owner.Id, extension.Slug, None));
    }

    [Fact]
    public async Task A_version_for_an_unknown_extension_is_refused()
    {
        var tenant = await CreateTenantAsync();
        var ghost = TestData.Extension(tenant.Id);

        await Assert.ThrowsAsync<NotFoundException>(() => Store.InsertVersionAsync(TestData.Version(ghost), None));
    }

    [Fact]
    public async Task One_tenant_never_sees_another_tenants_extensions_versions_keys_or_audit()
    {
        var a = await CreateTenantAsync();
        var b = await CreateTenantAsync();
        var extension = await Store.GetOrCreateExtensionAsync(TestData.Extension(a.Id, "shared-name"), None);
        await Store.InsertVersionAsync(TestData.Version(extension), None);
        await Store.AddPublisherKeyAsync(new PublisherKeyRecord(a.Id, "key-1", "PEM", TestData.Now), None);
        await Store.AppendAuditAsync(TestData.Audit(a.Id), None);

        Assert.Null(await Store.GetExtensionAsync(b.Id, "shared-name", None));
        Assert.Empty(await Store.ListExtensionsAsync(b.Id, None));
        Assert.Null(await Store.GetVersionAsync(b.Id, "shared-name", "1.0.0", None));
        Assert.Empty(await Store.ListVersionsAsync(b.Id, "shared-name", None));
        Assert.Null(await Store.GetPublisherKeyAsync(b.Id, "key-1", None));
        Assert.Empty(await Store.ListPublisherKeysAsync(b.Id, None));
        Assert.False(await Store.DeletePublisherKeyAsync(b.Id, "key-1", None));
        Assert.Empty((await Store.ListAuditAsync(b.Id, null, 10, None)).Records);

        // and A still has all of it
        Assert.NotNull(await Store.GetVersionAsync(a.Id, "shared-name", "1.0.0", None));
        Assert.NotNull(await Store.GetPublisherKeyAsync(a.Id, "key-1", None));
        Assert.Single((await Store.ListAuditAsync(a.Id, null, 10, None)).Records);
    }

    [Theory]
    [InlineData("x' OR '1'='1")]
    [InlineData("%")]
    [InlineData("_")]
    public async Task Lookups_treat_hostile_text_as_plain_values(string hostile)
    {
        var tenant = await CreateTenantAsync();
        await Store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), None);
        await Store.SetPlatformSettingAsync("k", "v", None);

        Assert.Null(await Store.GetTenantBySlugAsync(hostile, None));
        Assert.Null(await Store.GetExtensionAsync(tenant.Id, hostile, None));
        Assert.Empty(await Store.ListVersionsAsync(tenant.Id, hostile, None));
        Assert.Null(await Store.FindApiKeyByHashAsync(hostile, None));
        Assert.Null(await Store.GetPlatformSettingAsync(hostile, None));
    }

    [Fact]
    public async Task Two_tenants_may_use_the_same_extension_slug_and_version()
    {
        var a = await CreateTenantAsync();
        var b = await CreateTenantAsync();
        var extA = await Store.GetOrCreateExtensionAsync(TestData.Extension(a.Id, "vacation-trip"), None);
        var extB = await Store.GetOrCreateExtensionAsync(TestData.Extension(b.Id, "vacation-trip"), None);

        await Store.InsertVersionAsync(TestData.Version(extA), None);
        await Store.InsertVersionAsync(TestData.Version(extB), None);

        Assert.NotEqual(extA.Id, extB.Id);
        Assert.Equal(extB.Id, (await Store.GetVersionAsync(b.Id, "vacation-trip", "1.0.0", None))!.ExtensionId);
    }

    // ---- publisher keys --------------------------------------------------------------------

    [Fact]
    public async Task Publisher_keys_are_added_listed_and_deleted_and_duplicates_are_refused()
    {
        var a = await CreateTenantAsync();
        var b = await CreateTenantAsync();
        var key = new PublisherKeyRecord(a.Id, "release-2026", "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----", TestData.Now);

        await Store.AddPublisherKeyAsync(key, None);
        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.AddPublisherKeyAsync(key with { PublicKeyPem = "other" }, None));
        await Store.AddPublisherKeyAsync(key with { TenantId = b.Id }, None); // same key id, other tenant: fine

        Assert.Equal(PlatformErrorCodes.PublisherKeyExists, error.Code);
        Assert.Equal(key, await Store.GetPublisherKeyAsync(a.Id, "release-2026", None));
        Assert.Equal([key], await Store.ListPublisherKeysAsync(a.Id, None));
        Assert.True(await Store.DeletePublisherKeyAsync(a.Id, "release-2026", None));
        Assert.False(await Store.DeletePublisherKeyAsync(a.Id, "release-2026", None));
        Assert.Empty(await Store.ListPublisherKeysAsync(a.Id, None));
        Assert.Single(await Store.ListPublisherKeysAsync(b.Id, None));
    }

    [Fact]
    public async Task A_publisher_key_for_an_unknown_tenant_is_refused()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Store.AddPublisherKeyAsync(new PublisherKeyRecord(Guid.NewGuid(), "k", "PEM", TestData.Now), None));
    }

    // ---- audit -----------------------------------------------------------------------------

    [Fact]
    public async Task Audit_records_round_trip_with_their_assigned_id()
    {
        var tenant = await CreateTenantAsync();
        var failure = TestData.Audit(tenant.Id, outcome: AuditOutcome.Failure("checksum_mismatch")) with { DetailJson = null, ContentHash = null };

        var stored = await Store.AppendAuditAsync(failure, None);

        Assert.True(stored.Id > 0);
        Assert.Equal(failure with { Id = stored.Id }, stored);
        Assert.Equal([stored], (await Store.ListAuditAsync(tenant.Id, null, 10, None)).Records);
    }

    [Fact]
    public async Task An_audit_batch_is_stored_in_order_with_each_records_own_time()
    {
        var tenant = await CreateTenantAsync();
        var batch = Enumerable.Range(0, 5).Select(i => TestData.Audit(tenant.Id, $"batch.{i}", i % 2 == 0 ? null : AuditOutcome.Failure("handler_trap"))
            with { CreatedAt = TestData.Now.AddSeconds(i), DetailJson = i == 3 ? null : $$"""{"calls":{{i}}}""" }).ToList();

        await Store.AppendAuditBatchAsync(batch, None);
        await Store.AppendAuditBatchAsync([], None);

        var stored = (await Store.ListAuditAsync(tenant.Id, null, 10, None)).Records.Reverse().ToList();
        Assert.Equal(batch, stored.Select(r => r with { Id = 0 }));
        Assert.True(stored.Zip(stored.Skip(1)).All(pair => pair.First.Id < pair.Second.Id));
    }

    [Fact]
    public async Task Audit_pages_run_newest_first_and_the_cursor_walks_every_record_once()
    {
        var tenant = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        var appended = new List<AuditRecord>();
        for (var i = 0; i < 7; i++)
        {
            appended.Add(await Store.AppendAuditAsync(TestData.Audit(tenant.Id, $"action.{i}"), None));
            await Store.AppendAuditAsync(TestData.Audit(other.Id, $"other.{i}"), None);
        }

        var seen = new List<AuditRecord>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAuditAsync(tenant.Id, cursor, 3, None);
            Assert.InRange(page.Records.Count, 1, 3);
            seen.AddRange(page.Records);
            cursor = page.NextBeforeId;
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(appended.AsEnumerable().Reverse().Select(r => r.Action), seen.Select(r => r.Action));
    }

    [Fact]
    public async Task A_full_last_page_has_no_cursor()
    {
        var tenant = await CreateTenantAsync();
        for (var i = 0; i < 3; i++)
            await Store.AppendAuditAsync(TestData.Audit(tenant.Id), None);

        var page = await Store.ListAuditAsync(tenant.Id, null, 3, None);

        Assert.Equal(3, page.Records.Count);
        Assert.Null(page.NextBeforeId);
    }

    [Fact]
    public async Task Platform_level_audit_records_are_listed_apart_from_tenant_records()
    {
        var tenant = await CreateTenantAsync();
        await Store.AppendAuditAsync(TestData.Audit(null, "tenant.create", AuditOutcome.Failure("tenant_exists")), None);
        await Store.AppendAuditAsync(TestData.Audit(tenant.Id), None);

        var platform = await Store.ListAuditAsync(null, null, 10, None);

        Assert.Equal(["tenant.create"], platform.Records.Select(r => r.Action));
        Assert.Equal("tenant_exists", platform.Records[0].Outcome.ErrorCode);
    }

    // ---- time ------------------------------------------------------------------------------

    [Fact]
    public async Task Times_come_back_in_UTC_at_microsecond_precision_whatever_offset_went_in()
    {
        var local = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5)).AddTicks(1234567);
        var (tenant, key, _) = TestData.Tenant();

        await Store.CreateTenantAsync(tenant with { CreatedAt = local }, key, None);

        var stored = (await Store.GetTenantAsync(tenant.Id, None))!.CreatedAt;
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(local.UtcTicks - 7, stored.UtcTicks); // 1234567 ticks -> 123456.0 microseconds
    }
}
