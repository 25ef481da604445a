using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tests.Support;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Tests.Tokens;

/// <summary>
/// The validator remembers tokens whose signature verified; what can change after that (the
/// clock, the deny set, the installation) must still be checked on every use.
/// </summary>
public sealed class VerifiedTokenMemoryTests : IAsyncLifetime
{
    private readonly SqliteStoreBackend _backend = new();
    private readonly FixedTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TokenSigningKeys _keys = TokenSigningKeys.Parse("k1:" + new string('s', 40));
    private SqlMetadataStore _store = null!;
    private InstallationRecord _installation = null!;
    private string _tenantSlug = "";

    public async Task InitializeAsync()
    {
        _store = _backend.OpenStore();
        await _store.MigrateAsync(CancellationToken.None);
        var (tenant, key, _) = TestData.Tenant();
        await _store.CreateTenantAsync(tenant, key, CancellationToken.None);
        var extension = await _store.GetOrCreateExtensionAsync(TestData.Extension(tenant.Id), CancellationToken.None);
        _tenantSlug = tenant.Slug;
        _installation = new InstallationRecord(Guid.NewGuid(), tenant.Id, extension.Id, extension.Slug, "1.0.0", "sha256:" + new string('a', 64),
            ["cap:storage.kv"], "{}", new Dictionary<string, string>(), true, 1, 1, TestData.Now, TestData.Now, null);
        await _store.InsertInstallationAsync(_installation, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private (TokenValidator Validator, RevocationList Revocations, InstallationDirectory Directory) Validator()
    {
        var directory = new InstallationDirectory(_store);
        var revocations = new RevocationList(_store, _time);
        return (new TokenValidator(_keys, revocations, directory, _time), revocations, directory);
    }

    private MintedToken Mint(TimeSpan ttl) =>
        new TokenIssuer(_store, _keys, _time).Mint(_installation.TenantId, _tenantSlug, _installation, "u-1", ttl);

    [Fact]
    public async Task A_remembered_token_still_expires()
    {
        var (validator, _, _) = Validator();
        var token = Mint(TimeSpan.FromMinutes(1)).Token;
        Assert.True((await validator.ValidateAsync(token)).Succeeded);
        Assert.True((await validator.ValidateAsync(token)).Succeeded); // from memory

        _time.Now += TimeSpan.FromMinutes(1) + TokenDefaults.ClockSkew + TimeSpan.FromSeconds(1);
        var expired = await validator.ValidateAsync(token);
        Assert.Equal(ErrorCodes.TokenExpired, expired.FailureCode);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_revoked_or_its_installation_changes()
    {
        var (validator, revocations, directory) = Validator();
        var revokedLater = Mint(TimeSpan.FromMinutes(5));
        var other = Mint(TimeSpan.FromMinutes(5));
        Assert.True((await validator.ValidateAsync(revokedLater.Token)).Succeeded);
        Assert.True((await validator.ValidateAsync(other.Token)).Succeeded);

        revocations.OnChange(new ChangeNotice(ChangeKind.TokenRevoked, _installation.TenantId, _installation.Id, Jti: revokedLater.Jti,
            ExpiresAt: revokedLater.ExpiresAt));
        Assert.Equal(ErrorCodes.TokenRevoked, (await validator.ValidateAsync(revokedLater.Token)).FailureCode);
        Assert.True((await validator.ValidateAsync(other.Token)).Succeeded);

        // Revoke-all: the installation's epoch moves on; the directory learns it from the change push.
        var bumped = _installation with { Epoch = _installation.Epoch + 1, Revision = _installation.Revision + 1 };
        Assert.True(await _store.UpdateInstallationAsync(bumped, _installation.Revision, CancellationToken.None));
        directory.OnChange(new ChangeNotice(ChangeKind.InstallationChanged, bumped.TenantId, bumped.Id));
        Assert.Equal(ErrorCodes.TokenRevoked, (await validator.ValidateAsync(other.Token)).FailureCode);
    }

    [Fact]
    public async Task A_token_altered_after_a_genuine_one_was_remembered_is_still_checked()
    {
        var (validator, _, _) = Validator();
        var token = Mint(TimeSpan.FromMinutes(5)).Token;
        Assert.True((await validator.ValidateAsync(token)).Succeeded);
        var parts = token.Split('.');
        var flipped = parts[2][..^2] + (parts[2][^2] == 'A' ? "B" : "A") + parts[2][^1];
        Assert.Equal(ErrorCodes.TokenInvalid, (await validator.ValidateAsync($"{parts[0]}.{parts[1]}.{flipped}")).FailureCode);
    }
}
