using System.Net;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using static Selegic.Extensions.Frontend.Tests.Installations.TestTokenSigner;

namespace Selegic.Extensions.Frontend.Tests.Installations;

/// <summary>Minting, validating and revoking extension tokens through real HTTP, including forged and replayed ones.</summary>
public abstract class TokenTests(ServerFixture fixture)
{
    private const string Slug = "token-ext";
    private RunningServer Server => fixture.Server;

    private async Task<(string Tenant, HttpClient Client, InstallationDto Installation)> InstalledAsync()
    {
        var (tenant, key) = await Server.NewTenantAsync("tok");
        var client = Server.WithKey(key);
        await client.PublishAsync(tenant, Slug, "1.0.0", "cap:storage.kv", "cap:log.emit");
        await client.PublishAsync(tenant, Slug, "1.1.0", "cap:storage.kv", "cap:log.emit");
        var installation = await client.InstallAsync(tenant, new { extension = Slug, version = "1.0.0", grants = new[] { "cap:storage.kv" } });
        return (tenant, client, installation);
    }

    [Fact]
    public async Task A_minted_token_carries_the_installation_claims_and_is_accepted()
    {
        var (tenant, client, installation) = await InstalledAsync();
        var minted = await client.MintAsync(tenant, installation.Id, "u-42");

        var header = InstallationApi.Header(minted.Token);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal(CurrentKeyId, header.GetProperty("kid").GetString());
        var payload = InstallationApi.Payload(minted.Token);
        Assert.Equal(tenant, payload.GetProperty("tenant").GetString());
        Assert.Equal(Slug, payload.GetProperty("ext").GetString());
        Assert.Equal(installation.Id.ToString(), payload.GetProperty("inst").GetString());
        Assert.Equal("1.0.0", payload.GetProperty("ver").GetString());
        Assert.Equal(installation.ContentHash, payload.GetProperty("hash").GetString());
        Assert.Equal(["cap:storage.kv"], payload.GetProperty("caps").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("u-42", payload.GetProperty("sub").GetString());
        Assert.Equal(minted.Jti, payload.GetProperty("jti").GetString());
        Assert.Equal("selegic-extensions/action-api", payload.GetProperty("aud").GetString());
        Assert.Equal(installation.Epoch, payload.GetProperty("epoch").GetInt64());
        Assert.Equal(300, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.Equal(minted.ExpiresAt.ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());

        using var check = await Server.CheckTokenAsync(minted.Token);
        var claims = await check.ReadAsync<JsonElement>();
        Assert.Equal(installation.Id.ToString(), claims.GetProperty("installation").GetString());
        Assert.Equal("u-42", claims.GetProperty("user").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(901)]
    [InlineData(86400)]
    public async Task A_lifetime_outside_1_to_900_seconds_is_refused(int ttl)
    {
        var (tenant, client, installation) = await InstalledAsync();
        using var response = await client.PostJsonAsync(InstallationApi.Installation(tenant, installation.Id, "/tokens"), new { user = "u-1", ttlSeconds = ttl });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.TokenTtlInvalid);
    }

    [Fact]
    public async Task The_maximum_lifetime_of_15_minutes_is_allowed()
    {
        var (tenant, client, installation) = await InstalledAsync();
        var minted = await client.MintAsync(tenant, installation.Id, ttlSeconds: 900);
        var payload = InstallationApi.Payload(minted.Token);
        Assert.Equal(900, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        await Server.AssertTokenAcceptedAsync(minted.Token);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"user":""}""")]
    [InlineData("""{"user":"  "}""")]
    [InlineData("""{"user":"a\u0000b"}""")]
    public async Task A_missing_or_unprintable_user_is_refused(string json)
    {
        var (tenant, client, installation) = await InstalledAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(InstallationApi.Installation(tenant, installation.Id, "/tokens"), content);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.TokenUserInvalid);
    }

    [Fact]
    public async Task A_disabled_installation_gets_no_tokens()
    {
        var (tenant, client, installation) = await InstalledAsync();
        (await client.PostJsonAsync(InstallationApi.Installation(tenant, installation.Id, "/disable"), null)).Dispose();
        using var response = await client.PostJsonAsync(InstallationApi.Installation(tenant, installation.Id, "/tokens"), new { user = "u-1" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InstallationDisabled);
    }

    [Fact]
    public async Task Forged_altered_expired_and_misaddressed_tokens_are_refused_with_their_code()
    {
        var (tenant, client, installation) = await InstalledAsync();
        var minted = await client.MintAsync(tenant, installation.Id);
        var payload = InstallationApi.Payload(minted.Token);
        var now = UnixNow();
        var parts = minted.Token.Split('.');

        await Server.AssertTokenRefusedAsync(null, ErrorCodes.TokenMissing);
        await Server.AssertTokenRefusedAsync("not-a-jwt", ErrorCodes.TokenInvalid);
        await Server.AssertTokenRefusedAsync(new string('a', 9000), ErrorCodes.TokenInvalid);
        // Signed with a secret the server does not have (same kid, and an unknown kid).
        await Server.AssertTokenRefusedAsync(Sign(payload, CurrentKeyId, "attacker-secret-0123456789abcdefghijklmnop"), ErrorCodes.TokenInvalid);
        await Server.AssertTokenRefusedAsync(Sign(payload, "other-kid", CurrentSecret), ErrorCodes.TokenInvalid);
        // The payload changed after signing (more capabilities).
        var widened = With(payload, ("caps", new[] { "cap:storage.kv", "cap:log.emit" }));
        await Server.AssertTokenRefusedAsync($"{parts[0]}.{Sign(widened, CurrentKeyId, CurrentSecret).Split('.')[1]}.{parts[2]}", ErrorCodes.TokenInvalid);
        // alg none, and HS256 claimed with an empty signature.
        await Server.AssertTokenRefusedAsync(Sign(payload, CurrentKeyId, "", alg: "none"), ErrorCodes.TokenInvalid);
        await Server.AssertTokenRefusedAsync($"{parts[0]}.{parts[1]}.", ErrorCodes.TokenInvalid);
        // Properly signed, but expired / for another audience / living longer than 15 minutes / missing claims.
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("iat", now - 3600), ("nbf", now - 3600), ("exp", now - 3000)), CurrentKeyId, CurrentSecret),
            ErrorCodes.TokenExpired);
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("aud", "some-other-api")), CurrentKeyId, CurrentSecret), ErrorCodes.TokenWrongAudience);
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("exp", now + 3600)), CurrentKeyId, CurrentSecret), ErrorCodes.TokenInvalid);
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("iss", "someone-else")), CurrentKeyId, CurrentSecret), ErrorCodes.TokenInvalid);
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("inst", null)), CurrentKeyId, CurrentSecret), ErrorCodes.TokenInvalid);
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("exp", null)), CurrentKeyId, CurrentSecret), ErrorCodes.TokenInvalid);
        // Another tenant's id with this installation: the installation is not found there, so the token is dead.
        await Server.AssertTokenRefusedAsync(Sign(With(payload, ("tid", Guid.NewGuid().ToString())), CurrentKeyId, CurrentSecret), ErrorCodes.TokenRevoked);

        // The genuine token still works, and so does a well-formed one signed with the older configured key.
        await Server.AssertTokenAcceptedAsync(minted.Token);
        await Server.AssertTokenAcceptedAsync(Sign(payload, OldKeyId, OldSecret));
    }

    [Fact]
    public async Task Revoking_one_jti_refuses_that_token_only()
    {
        var (tenant, client, installation) = await InstalledAsync();
        var revoked = await client.MintAsync(tenant, installation.Id, "u-1");
        var kept = await client.MintAsync(tenant, installation.Id, "u-2");

        using (var response = await client.PostJsonAsync(InstallationApi.Installation(tenant, installation.Id, "/tokens/revoke"), new { jti = revoked.Jti }))
            Assert.Equal(revoked.Jti, (await response.ReadAsync<RevocationResponse>()).Jti);

        await Server.AssertTokenRefusedAsync(revoked.Token, ErrorCodes.TokenRevoked);
        await Server.AssertTokenAcceptedAsync(kept.Token);
    }

    [Fact]
    public async Task Revoke_all_disable_uninstall_and_changes_of_version_or_grants_revoke_earlier_tokens()
    {
        var (tenant, client, installation) = await InstalledAsync();
        var route = (string rest) => InstallationApi.Installation(tenant, installation.Id, rest);

        var beforeRevokeAll = await client.MintAsync(tenant, installation.Id);
        using (var response = await client.PostJsonAsync(route("/tokens/revoke-all"), null))
            Assert.Equal(installation.Epoch + 1, (await response.ReadAsync<RevocationResponse>()).Epoch);
        await Server.AssertTokenRefusedAsync(beforeRevokeAll.Token, ErrorCodes.TokenRevoked);

        var beforeDisable = await client.MintAsync(tenant, installation.Id);
        await Server.AssertTokenAcceptedAsync(beforeDisable.Token);
        (await client.PostJsonAsync(route("/disable"), null)).Dispose();
        await Server.AssertTokenRefusedAsync(beforeDisable.Token, ErrorCodes.TokenRevoked);
        (await client.PostJsonAsync(route("/enable"), null)).Dispose();
        await Server.AssertTokenRefusedAsync(beforeDisable.Token, ErrorCodes.TokenRevoked);

        var beforeGrants = await client.MintAsync(tenant, installation.Id);
        (await client.PutJsonAsync(route("/grants"), new { grants = new[] { "cap:log.emit" } })).Dispose();
        await Server.AssertTokenRefusedAsync(beforeGrants.Token, ErrorCodes.TokenRevoked);

        var beforeUpgrade = await client.MintAsync(tenant, installation.Id);
        (await client.PutJsonAsync(route("/version"), new { version = "1.1.0" })).Dispose();
        await Server.AssertTokenRefusedAsync(beforeUpgrade.Token, ErrorCodes.TokenRevoked);

        var beforeUninstall = await client.MintAsync(tenant, installation.Id);
        Assert.Equal(["cap:log.emit"], InstallationApi.Payload(beforeUninstall.Token).GetProperty("caps").EnumerateArray().Select(c => c.GetString()));
        await Server.AssertTokenAcceptedAsync(beforeUninstall.Token);
        (await client.DeleteAsync(route(""))).Dispose();
        await Server.AssertTokenRefusedAsync(beforeUninstall.Token, ErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task Another_tenant_cannot_reach_installations_or_tokens_of_this_tenant_even_with_its_own_url()
    {
        var (tenantA, clientA, installation) = await InstalledAsync();
        var token = await clientA.MintAsync(tenantA, installation.Id);
        var (tenantB, keyB) = await Server.NewTenantAsync("other");
        using var clientB = Server.WithKey(keyB);

        foreach (var route in InstallationRoutes.All)
        {
            // B addressing tenant A: forbidden before anything is looked up.
            using (var response = await clientB.SendAsync(route.Request(tenantA, installation.Id)))
                await response.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
            // B addressing its own tenant with A's installation id: that id does not exist for B.
            if (route.Pattern.Contains("{id"))
            {
                using var response = await clientB.SendAsync(route.Request(tenantB, installation.Id));
                await response.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.InstallationNotFound);
            }
        }
        // B revoking A's jti under B's own (real) installation does not touch A's token.
        await clientB.PublishAsync(tenantB, Slug, "1.0.0", "cap:storage.kv");
        var installationB = await clientB.InstallAsync(tenantB, new { extension = Slug, version = "1.0.0" });
        (await clientB.PostJsonAsync(InstallationApi.Installation(tenantB, installationB.Id, "/tokens/revoke"), new { jti = token.Jti })).Dispose();

        await Server.AssertTokenAcceptedAsync(token.Token);
        using var after = await clientA.GetAsync(InstallationApi.Installation(tenantA, installation.Id));
        var unchanged = await after.ReadAsync<InstallationDto>();
        Assert.Equal((installation.Epoch, installation.Enabled, installation.UpdatedAt), (unchanged.Epoch, unchanged.Enabled, unchanged.UpdatedAt));
        Assert.DoesNotContain(await clientB.ListAsync(tenantB), i => i.Id == installation.Id);
    }
}

public sealed class TokenTestsOnSqlite(SqliteServerWithTokenSecret fixture) : TokenTests(fixture), IClassFixture<SqliteServerWithTokenSecret>;

public sealed class TokenTestsOnPostgres(PostgresServerWithTokenSecret fixture) : TokenTests(fixture), IClassFixture<PostgresServerWithTokenSecret>;
