using System.Net;
using System.Net.Http.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Publishing;

/// <summary>Publisher keys, the "require signatures" setting, and real ECDSA verification on publish.</summary>
public abstract class SignatureTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;

    /// <summary>A tenant with <paramref name="publisherKey"/> registered and signatures required.</summary>
    private async Task<(string Tenant, string Key)> TenantRequiringSignaturesAsync(System.Security.Cryptography.ECDsa publisherKey)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        (await client.PostAsJsonAsync(Api.TenantRoute(tenant, "/publisher-keys"), new AddPublisherKeyRequest(TestKeys.PublicKeyPem(publisherKey))))
            .EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync(Api.TenantRoute(tenant, "/settings"), new TenantSettingsDto(true))).EnsureSuccessStatusCode();
        return (tenant, key);
    }

    [Fact]
    public async Task Registered_key_is_listed_with_its_derived_key_id()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var added = await client.PostAsJsonAsync(Api.TenantRoute(tenant, "/publisher-keys"), new AddPublisherKeyRequest(TestKeys.PublicKeyPem(publisher)));
        Assert.Equal(TestKeys.KeyId(publisher), (await added.ReadAsync<PublisherKeyDto>(HttpStatusCode.Created)).KeyId);

        using var list = await client.GetAsync(Api.TenantRoute(tenant, "/publisher-keys"));
        Assert.Equal(TestKeys.KeyId(publisher), Assert.Single((await list.ReadAsync<ListResponse<PublisherKeyDto>>()).Items).KeyId);

        using var again = await client.PostAsJsonAsync(Api.TenantRoute(tenant, "/publisher-keys"), new AddPublisherKeyRequest(TestKeys.PublicKeyPem(publisher)));
        await again.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.PublisherKeyExists);
    }

    [Theory]
    [InlineData("not a pem")]
    [InlineData("")]
    public async Task Invalid_public_key_is_400_publisher_key_invalid(string pem)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PostAsJsonAsync(Api.TenantRoute(tenant, "/publisher-keys"), new AddPublisherKeyRequest(pem));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.PublisherKeyInvalid);
    }

    [Fact]
    public async Task Private_key_is_refused_as_a_publisher_key()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PostAsJsonAsync(Api.TenantRoute(tenant, "/publisher-keys"), new AddPublisherKeyRequest(publisher.ExportPkcs8PrivateKeyPem()));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.PublisherKeyInvalid);
    }

    [Fact]
    public async Task Signed_publish_verifies_and_records_the_key_id()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await TenantRequiringSignaturesAsync(publisher);
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("signed", "1.0.0");
        using var response = await client.PublishAsync(tenant, "signed", bundle, signature: TestKeys.Sign(publisher, bundle));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var versions = await client.GetAsync(Api.VersionsRoute(tenant, "signed"));
        Assert.Equal(TestKeys.KeyId(publisher), Assert.Single((await versions.ReadAsync<ListResponse<VersionSummary>>()).Items).SignatureKeyId);
    }

    [Fact]
    public async Task Unsigned_publish_is_400_signature_required_when_the_tenant_requires_it()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await TenantRequiringSignaturesAsync(publisher);
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("unsigned", "1.0.0");
        using var response = await client.PublishAsync(tenant, "unsigned", bundle);
        await Server.AssertRefusedAsync(response, tenant, key, "unsigned", bundle, HttpStatusCode.BadRequest, ErrorCodes.SignatureRequired);
    }

    [Fact]
    public async Task Signature_over_other_bytes_is_400_signature_invalid()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await TenantRequiringSignaturesAsync(publisher);
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("tampered", "1.0.0");
        var signatureOfOther = TestKeys.Sign(publisher, TestBundles.Valid("tampered", "1.0.1"));
        using var response = await client.PublishAsync(tenant, "tampered", bundle, signature: signatureOfOther);
        await Server.AssertRefusedAsync(response, tenant, key, "tampered", bundle, HttpStatusCode.BadRequest, ErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Signature_by_an_unregistered_key_is_400_unknown_publisher_key()
    {
        using var registered = TestKeys.Create();
        using var stranger = TestKeys.Create();
        var (tenant, key) = await TenantRequiringSignaturesAsync(registered);
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("stranger", "1.0.0");
        using var response = await client.PublishAsync(tenant, "stranger", bundle, signature: TestKeys.Sign(stranger, bundle));
        await Server.AssertRefusedAsync(response, tenant, key, "stranger", bundle, HttpStatusCode.BadRequest, ErrorCodes.UnknownPublisherKey);
    }

    [Fact]
    public async Task Garbled_signature_is_400_signature_malformed()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await TenantRequiringSignaturesAsync(publisher);
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("garbled", "1.0.0");
        using var response = await client.PublishAsync(tenant, "garbled", bundle, signature: "not!base64");
        await Server.AssertRefusedAsync(response, tenant, key, "garbled", bundle, HttpStatusCode.BadRequest, ErrorCodes.SignatureMalformed);
    }

    [Fact]
    public async Task A_sent_signature_is_verified_even_when_not_required()
    {
        using var publisher = TestKeys.Create();
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("optional", "1.0.0");
        using var response = await client.PublishAsync(tenant, "optional", bundle, signature: TestKeys.Sign(publisher, bundle));
        await Server.AssertRefusedAsync(response, tenant, key, "optional", bundle, HttpStatusCode.BadRequest, ErrorCodes.UnknownPublisherKey);
    }
}

public sealed class SignatureTestsOnSqlite(SqliteServer fixture) : SignatureTests(fixture), IClassFixture<SqliteServer>;

public sealed class SignatureTestsOnPostgres(PostgresServer fixture) : SignatureTests(fixture), IClassFixture<PostgresServer>;
