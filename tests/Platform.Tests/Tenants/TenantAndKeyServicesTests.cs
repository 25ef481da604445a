using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;
using Selegic.Extensions.Platform.Tests.Support;

namespace Selegic.Extensions.Platform.Tests.Tenants;

/// <summary>Tenant creation, key authentication, admin key bootstrap and the audit log, over each real store backend.</summary>
public abstract class TenantAndKeyServicesTests : IAsyncLifetime
{
    private readonly List<IMetadataStore> _opened = [];
    private StoreBackend _backend = null!;
    private IMetadataStore _store = null!;
    private readonly FixedTimeProvider _time = new(TestData.Now);
    private static CancellationToken None => CancellationToken.None;

    protected abstract Task<StoreBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        _store = await OpenNodeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
            await store.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<IMetadataStore> OpenNodeAsync()
    {
        var store = _backend.OpenStore();
        _opened.Add(store);
        await store.MigrateAsync(None);
        return store;
    }

    private TenantService Tenants => new(_store, _time);
    private ApiKeyAuthenticator Authenticator => new(_store, _time);
    private PlatformAdminKeyBootstrap Bootstrap(IMetadataStore? store = null) => new(store ?? _store, _time);
    private AuditLog Audit => new(_store, _time);

    // ---- tenants and tenant keys -----------------------------------------------------------

    [Fact]
    public async Task A_new_tenant_comes_with_a_key_that_administers_exactly_that_tenant()
    {
        var created = await Tenants.CreateTenantAsync("acme-corp", None);
        var other = await Tenants.CreateTenantAsync("globex", None);

        var principal = await Authenticator.AuthenticateAsync(created.ApiKey, None);

        Assert.NotNull(principal);
        Assert.Equal(ApiKeyRole.TenantAdmin, principal.Role);
        Assert.True(principal.IsAdminOf(created.Tenant.Id));
        Assert.False(principal.IsAdminOf(other.Tenant.Id));
        Assert.False(principal.IsPlatformAdmin);
        Assert.Equal(created.Tenant, await Tenants.FindBySlugAsync("acme-corp", None));
    }

    [Fact]
    public async Task Only_the_hash_of_a_tenant_key_is_stored()
    {
        var created = await Tenants.CreateTenantAsync("acme-corp", None);

        var stored = Assert.Single(await _store.ListApiKeysAsync(created.Tenant.Id, None));

        Assert.Equal(ApiKeys.Hash(created.ApiKey), stored.KeyHash);
        Assert.DoesNotContain(created.ApiKey, stored.KeyHash);
        Assert.Equal(created.ApiKey[..11], stored.DisplayPrefix);
    }

    [Fact]
    public async Task A_taken_slug_is_refused_with_tenant_exists()
    {
        await Tenants.CreateTenantAsync("acme-corp", None);

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Tenants.CreateTenantAsync("acme-corp", None));

        Assert.Equal("tenant_exists", error.Code);
        Assert.Single(await _store.ListTenantsAsync(None));
    }

    [Fact]
    public async Task An_invalid_slug_is_refused_before_anything_is_stored()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => Tenants.CreateTenantAsync("../Acme", None));

        Assert.Equal("invalid_slug", error.Code);
        Assert.Empty(await _store.ListTenantsAsync(None));
        Assert.Null(await Tenants.FindBySlugAsync("../Acme", None));
    }

    [Fact]
    public async Task Of_concurrent_creations_of_one_slug_exactly_one_succeeds()
    {
        var nodes = new List<IMetadataStore>();
        for (var i = 0; i < 4; i++)
            nodes.Add(await OpenNodeAsync());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            try
            {
                await new TenantService(nodes[i % nodes.Count], _time).CreateTenantAsync("acme-corp", None);
                return "created";
            }
            catch (AlreadyExistsException e)
            {
                return e.Code;
            }
        })));

        Assert.Equal(1, outcomes.Count(o => o == "created"));
        Assert.Equal(11, outcomes.Count(o => o == "tenant_exists"));
        Assert.Single(await _store.ListApiKeysAsync((await _store.GetTenantBySlugAsync("acme-corp", None))!.Id, None));
    }

    [Fact]
    public async Task Another_tenant_key_can_be_issued_and_unknown_tenants_are_not_found()
    {
        var created = await Tenants.CreateTenantAsync("acme-corp", None);

        var second = await Tenants.CreateTenantAdminKeyAsync(created.Tenant.Id, None);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => Tenants.CreateTenantAdminKeyAsync(Guid.NewGuid(), None));

        Assert.NotEqual(created.ApiKey, second);
        Assert.True((await Authenticator.AuthenticateAsync(second, None))!.IsAdminOf(created.Tenant.Id));
        Assert.Equal("not_found", missing.Code);
    }

    [Fact]
    public async Task Require_signatures_is_switched_per_tenant()
    {
        var acme = await Tenants.CreateTenantAsync("acme-corp", None);
        var globex = await Tenants.CreateTenantAsync("globex", None);

        await Tenants.SetRequireSignaturesAsync(acme.Tenant.Id, true, None);

        Assert.True((await _store.GetTenantAsync(acme.Tenant.Id, None))!.Settings.RequireSignatures);
        Assert.False((await _store.GetTenantAsync(globex.Tenant.Id, None))!.Settings.RequireSignatures);
        await Tenants.SetRequireSignaturesAsync(acme.Tenant.Id, false, None);
        Assert.False((await _store.GetTenantAsync(acme.Tenant.Id, None))!.Settings.RequireSignatures);
        await Assert.ThrowsAsync<NotFoundException>(() => Tenants.SetRequireSignaturesAsync(Guid.NewGuid(), true, None));
    }

    // ---- authentication --------------------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sk_not-a-real-key-0000000000000000000000000000")]
    public async Task Missing_or_unknown_keys_authenticate_nobody(string? presented)
    {
        await Tenants.CreateTenantAsync("acme-corp", None);

        Assert.Null(await Authenticator.AuthenticateAsync(presented, None));
    }

    [Fact]
    public async Task An_absurdly_long_key_authenticates_nobody()
    {
        Assert.Null(await Authenticator.AuthenticateAsync(new string('k', 100_000), None));
    }

    [Fact]
    public async Task A_revoked_key_authenticates_nobody()
    {
        var created = await Tenants.CreateTenantAsync("acme-corp", None);
        var stored = Assert.Single(await _store.ListApiKeysAsync(created.Tenant.Id, None));

        await _store.RevokeApiKeyAsync(created.Tenant.Id, stored.Id, _time.GetUtcNow(), None);

        Assert.Null(await Authenticator.AuthenticateAsync(created.ApiKey, None));
    }

    [Fact]
    public async Task A_key_revoked_in_the_store_stops_working_within_the_cache_lifetime()
    {
        var created = await Tenants.CreateTenantAsync("acme-corp", None);
        var stored = Assert.Single(await _store.ListApiKeysAsync(created.Tenant.Id, None));
        var authenticator = Authenticator; // one node's authenticator, remembering what it resolved
        Assert.NotNull(await authenticator.AuthenticateAsync(created.ApiKey, None));

        await _store.RevokeApiKeyAsync(created.Tenant.Id, stored.Id, _time.GetUtcNow(), None);
        Assert.NotNull(await authenticator.AuthenticateAsync(created.ApiKey, None)); // still remembered: the documented window

        _time.Now += ApiKeyAuthenticator.CacheLifetime;
        Assert.Null(await authenticator.AuthenticateAsync(created.ApiKey, None));
    }

    [Fact]
    public async Task A_bearer_value_with_a_dot_is_a_token_and_never_a_key()
    {
        // Even if such a value were stored as a key hash, it is not looked up.
        var created = await Tenants.CreateTenantAsync("acme-corp", None);
        Assert.Null(await Authenticator.AuthenticateAsync(created.ApiKey + ".x", None));
        Assert.Null(await Authenticator.AuthenticateAsync("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", None));
    }

    // ---- platform admin key bootstrap ------------------------------------------------------

    [Fact]
    public async Task The_first_start_without_a_configured_key_generates_one_and_later_starts_never_show_it_again()
    {
        var first = await Bootstrap().EnsureAsync(null, None);
        var second = await Bootstrap(await OpenNodeAsync()).EnsureAsync(null, None);

        Assert.NotNull(first.GeneratedKey);
        Assert.Null(second.GeneratedKey);
        Assert.False(first.FromConfiguration);
        var admin = await Authenticator.AuthenticateAsync(first.GeneratedKey, None);
        Assert.True(admin!.IsPlatformAdmin);
        var stored = Assert.Single(await _store.ListApiKeysAsync(null, None));
        Assert.Equal(ApiKeys.Hash(first.GeneratedKey), stored.KeyHash);
    }

    [Fact]
    public async Task Nodes_starting_together_for_the_first_time_produce_exactly_one_valid_admin_key()
    {
        var nodes = new List<IMetadataStore>();
        for (var i = 0; i < 4; i++)
            nodes.Add(await OpenNodeAsync());

        var results = await Task.WhenAll(nodes.Select(n => Task.Run(() => Bootstrap(n).EnsureAsync(null, None))));

        var printed = Assert.Single(results, r => r.GeneratedKey is not null);
        Assert.True((await Authenticator.AuthenticateAsync(printed.GeneratedKey, None))!.IsPlatformAdmin);
        Assert.Single(await _store.ListApiKeysAsync(null, None), k => !k.IsRevoked);
    }

    [Fact]
    public async Task A_configured_key_becomes_the_admin_key_and_replaces_a_generated_one()
    {
        var generated = (await Bootstrap().EnsureAsync(null, None)).GeneratedKey;
        var configured = ApiKeys.Generate();

        var result = await Bootstrap().EnsureAsync(configured, None);
        await Bootstrap().EnsureAsync(configured, None); // restarting with the same setting changes nothing

        Assert.True(result.FromConfiguration);
        Assert.Null(result.GeneratedKey);
        Assert.True((await Authenticator.AuthenticateAsync(configured, None))!.IsPlatformAdmin);
        Assert.Null(await Authenticator.AuthenticateAsync(generated, None));
        Assert.Single(await _store.ListApiKeysAsync(null, None), k => !k.IsRevoked);
    }

    [Fact]
    public async Task Changing_the_configured_key_retires_the_previous_one()
    {
        var old = ApiKeys.Generate();
        var rotated = ApiKeys.Generate();

        await Bootstrap().EnsureAsync(old, None);
        await Bootstrap().EnsureAsync(rotated, None);

        Assert.Null(await Authenticator.AuthenticateAsync(old, None));
        Assert.True((await Authenticator.AuthenticateAsync(rotated, None))!.IsPlatformAdmin);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has whitespace in the middle of it!!")]
    [InlineData("looks.like.a-token-with-dots-0123456789")]
    public async Task A_weak_or_malformed_configured_key_is_refused_naming_the_variable(string configured)
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => Bootstrap().EnsureAsync(configured, None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains("EXTENSIONS_ADMIN_API_KEY", error.Message);
        Assert.Empty(await _store.ListApiKeysAsync(null, None));
    }

    [Fact]
    public async Task A_configured_key_equal_to_a_tenant_key_is_refused_and_grants_nothing()
    {
        var tenant = await Tenants.CreateTenantAsync("acme-corp", None);

        var error = await Assert.ThrowsAsync<PlatformException>(() => Bootstrap().EnsureAsync(tenant.ApiKey, None));

        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.False((await Authenticator.AuthenticateAsync(tenant.ApiKey, None))!.IsPlatformAdmin);
    }

    // ---- audit log -------------------------------------------------------------------------

    [Fact]
    public async Task Audit_events_are_recorded_with_the_clock_and_read_back_page_by_page()
    {
        var tenant = (await Tenants.CreateTenantAsync("acme-corp", None)).Tenant;
        for (var i = 0; i < 5; i++)
        {
            _time.Now = TestData.Now.AddMinutes(i);
            await Audit.RecordAsync(new AuditEvent(tenant.Id, "tenant-admin:k1", "extension.publish", $"trip@1.0.{i}",
                i % 2 == 0 ? AuditOutcome.Success : AuditOutcome.Failure("checksum_mismatch"), "sha256:" + new string('a', 64), """{"size":1}"""), None);
        }

        var first = await Audit.ListAsync(tenant.Id, null, 2, None);
        var second = await Audit.ListAsync(tenant.Id, first.NextCursor, 2, None);
        var last = await Audit.ListAsync(tenant.Id, second.NextCursor, 2, None);

        Assert.Equal(["trip@1.0.4", "trip@1.0.3", "trip@1.0.2", "trip@1.0.1", "trip@1.0.0"],
            first.Records.Concat(second.Records).Concat(last.Records).Select(r => r.Target));
        Assert.Null(last.NextCursor);
        Assert.Equal(TestData.Now.AddMinutes(4), first.Records[0].CreatedAt);
        Assert.Equal("checksum_mismatch", first.Records[1].Outcome.ErrorCode);
        Assert.False(first.Records[1].Outcome.Succeeded);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1e3")]
    [InlineData(" 12")]
    [InlineData("99999999999999999999999")]
    public async Task A_cursor_the_server_did_not_issue_is_refused_with_invalid_cursor(string cursor)
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => Audit.ListAsync(Guid.NewGuid(), cursor, 10, None));

        Assert.Equal(PlatformErrorCodes.InvalidCursor, error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(AuditLog.MaxPageSize + 1)]
    public async Task A_page_size_out_of_range_is_refused_with_invalid_limit(int limit)
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => Audit.ListAsync(Guid.NewGuid(), null, limit, None));

        Assert.Equal(PlatformErrorCodes.InvalidLimit, error.Code);
    }

    [Fact]
    public async Task Audit_detail_that_is_not_JSON_is_refused_and_overlong_fields_are_clipped()
    {
        var tenant = (await Tenants.CreateTenantAsync("acme-corp", None)).Tenant;

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Audit.RecordAsync(new AuditEvent(tenant.Id, "a", "x", "t", AuditOutcome.Success, DetailJson: "{not json"), None));
        var stored = await Audit.RecordAsync(new AuditEvent(tenant.Id, "a", "x", new string('t', 5000), AuditOutcome.Success), None);

        Assert.Equal(512, stored.Target.Length);
        Assert.Equal([stored], (await Audit.ListAsync(tenant.Id, null, null, None)).Records);
    }
}

public sealed class SqliteTenantAndKeyServicesTests : TenantAndKeyServicesTests
{
    protected override Task<StoreBackend> CreateBackendAsync() => Task.FromResult<StoreBackend>(new SqliteStoreBackend());
}

public sealed class PostgresTenantAndKeyServicesTests : TenantAndKeyServicesTests
{
    protected override async Task<StoreBackend> CreateBackendAsync() => await PostgresStoreBackend.CreateAsync();
}
