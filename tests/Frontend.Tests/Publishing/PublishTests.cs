using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Publishing;

/// <summary>The publish route: the happy path and every refusal of the request and manifest.</summary>
public abstract class PublishTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Publish_answers_201_and_the_version_is_listed_stored_and_audited()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        var bundle = TestBundles.Valid("vacation-trip", "1.2.0");
        var hash = TestBundles.Sha256(bundle);

        using var response = await client.PublishAsync(tenant, "vacation-trip", bundle);
        var published = await response.ReadAsync<PublishResponse>(HttpStatusCode.Created);
        Assert.Equal(new PublishResponse("vacation-trip", "1.2.0", hash), published);
        Assert.Equal($"/api/v1/tenants/{tenant}/extensions/vacation-trip/versions/1.2.0", response.Headers.Location?.OriginalString);
        using (var located = await client.GetAsync(response.Headers.Location))
            Assert.Equal(hash, (await located.ReadAsync<VersionSummary>()).ContentHash);

        using var versions = await client.GetAsync(Api.VersionsRoute(tenant, "vacation-trip"));
        var version = Assert.Single((await versions.ReadAsync<ListResponse<VersionSummary>>()).Items);
        Assert.Equal(("1.2.0", hash, (long)bundle.Length), (version.Version, version.ContentHash, version.SizeBytes));
        Assert.Null(version.SignatureKeyId);

        using var extensions = await client.GetAsync(Api.TenantRoute(tenant, "/extensions"));
        var extension = Assert.Single((await extensions.ReadAsync<ListResponse<ExtensionSummary>>()).Items);
        Assert.Equal(("vacation-trip", "1.2.0", 1), (extension.Slug, extension.LatestVersion, extension.VersionCount));

        Assert.Contains(Server.BlobFiles(), file => file.Contains(hash["sha256:".Length..], StringComparison.Ordinal));

        using var audit = await client.GetAsync(Api.TenantRoute(tenant, "/audit"));
        var record = Assert.Single((await audit.ReadAsync<ListResponse<AuditRecordDto>>()).Items);
        Assert.Equal((AuditActions.Publish, AuditOutcomes.Success, hash, "vacation-trip@1.2.0"), (record.Action, record.Outcome, record.ContentHash, record.Target));
        Assert.StartsWith("tenant-admin:", record.Actor);
    }

    [Fact]
    public async Task Latest_version_follows_semver_precedence_not_publish_order()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        foreach (var version in new[] { "1.10.0", "1.9.0", "1.10.0-beta.1" })
            (await client.PublishAsync(tenant, "ordering", TestBundles.Valid("ordering", version))).EnsureSuccessStatusCode();

        using var extensions = await client.GetAsync(Api.TenantRoute(tenant, "/extensions"));
        var extension = Assert.Single((await extensions.ReadAsync<ListResponse<ExtensionSummary>>()).Items);
        Assert.Equal(("1.10.0", 3), (extension.LatestVersion, extension.VersionCount));
    }

    [Fact]
    public async Task Second_publish_of_a_version_is_409_version_exists_even_with_other_bytes()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        var first = TestBundles.Valid("immutable", "1.0.0");
        (await client.PublishAsync(tenant, "immutable", first)).EnsureSuccessStatusCode();

        var other = TestBundles.Valid("immutable", "1.0.0", padding: 100);
        using var response = await client.PublishAsync(tenant, "immutable", other);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.VersionExists);

        using var versions = await client.GetAsync(Api.VersionsRoute(tenant, "immutable"));
        Assert.Equal(TestBundles.Sha256(first), Assert.Single((await versions.ReadAsync<ListResponse<VersionSummary>>()).Items).ContentHash);
        Assert.DoesNotContain(Server.BlobFiles(), f => f.Contains(TestBundles.Sha256(other)["sha256:".Length..], StringComparison.Ordinal));
    }

    public static TheoryData<string, string, HttpStatusCode, string> ManifestRefusals() => new()
    {
        // URL slug, manifest.json text, status, code
        { "bad-version", TestBundles.ManifestJson("bad-version", "1.0"), HttpStatusCode.BadRequest, ErrorCodes.InvalidVersion },
        { "other-slug", TestBundles.ManifestJson("not-the-url-slug", "1.0.0"), HttpStatusCode.BadRequest, ErrorCodes.SlugMismatch },
        { "bad-json", "{\"slug\": \"bad-json\",", HttpStatusCode.BadRequest, ErrorCodes.ManifestInvalidJson },
        { "huge-manifest", TestBundles.ManifestJson("huge-manifest", "1.0.0") + new string(' ', 300 * 1024), HttpStatusCode.BadRequest, ErrorCodes.ManifestTooLarge },
        { "unknown-field", TestBundles.ManifestJson("unknown-field", "1.0.0", m => m["homepage"] = "https://example.com"), HttpStatusCode.BadRequest, ErrorCodes.ManifestUnknownField },
        { "bad-runtime", TestBundles.ManifestJson("bad-runtime", "1.0.0", m => m["runtime"] = "jvm@1"), HttpStatusCode.BadRequest, ErrorCodes.ManifestInvalid },
        { "no-handler", TestBundles.ManifestJson("no-handler", "1.0.0", m => m["handler"] = "handler.wasm"), HttpStatusCode.BadRequest, ErrorCodes.HandlerMissing },
        { "no-ui", TestBundles.ManifestJson("no-ui", "1.0.0", m => m["ui"] = new Dictionary<string, string> { ["type"] = "iframe", ["entry"] = "ui/missing.html" }), HttpStatusCode.BadRequest, ErrorCodes.UiEntryMissing },
    };

    [Theory]
    [MemberData(nameof(ManifestRefusals))]
    public async Task Manifest_refusals_have_their_own_code_and_leave_nothing(string slug, string manifest, HttpStatusCode status, string code)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "<p>hi</p>"u8.ToArray()));
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, slug, bundle);
        await Server.AssertRefusedAsync(response, tenant, key, slug, bundle, status, code);
    }

    /// <summary>Every file in the UI entry's folder is a UI file; a handler there would be one too.</summary>
    [Theory]
    [InlineData("index.html", "handler.wasm")]
    [InlineData("index.html", "server/handler.wasm")]
    [InlineData("ui/index.html", "ui/handler.wasm")]
    [InlineData("ui/index.html", "ui/bin/handler.wasm")]
    public async Task Ui_folder_holding_the_handler_is_refused_and_leaves_nothing(string entry, string handler)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var manifest = TestBundles.ManifestJson("ui-holds-handler", "1.0.0", m =>
        {
            m["handler"] = handler;
            m["ui"] = new Dictionary<string, string> { ["type"] = "iframe", ["entry"] = entry };
        });
        var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), (entry, "<p>hi</p>"u8.ToArray()),
            (handler, [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]));
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "ui-holds-handler", bundle);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.UiFolderContainsHandler);
        Assert.Equal("ui.entry", problem.GetProperty("field").GetString());
        Assert.Contains(handler, problem.GetProperty("detail").GetString());
        await Server.AssertRefusedAsync(response, tenant, key, "ui-holds-handler", bundle, HttpStatusCode.BadRequest, ErrorCodes.UiFolderContainsHandler);
    }

    [Fact]
    public async Task Unknown_manifest_field_is_named_in_the_problem()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var manifest = TestBundles.ManifestJson("named-field", "1.0.0", m => m["homepage"] = "x");
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "named-field",
            TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "x"u8.ToArray())));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ManifestUnknownField);
        Assert.Contains("homepage", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Invalid_manifest_value_is_pointed_at_by_the_field_member()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var manifest = TestBundles.ManifestJson("bad-field", "1.0.0", m => m["runtime"] = "jvm@1");
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "bad-field",
            TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "x"u8.ToArray())));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ManifestInvalid);
        Assert.Equal("runtime", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Handler_that_is_not_wasm_is_400_handler_not_wasm()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var manifest = TestBundles.ManifestJson("fake-wasm", "1.0.0", m => m["handler"] = "handler.wasm");
        var bundle = TestBundles.Files(("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("ui/index.html", "x"u8.ToArray()),
            ("handler.wasm", "#!/bin/sh\necho not wasm\n"u8.ToArray()));
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "fake-wasm", bundle);
        await Server.AssertRefusedAsync(response, tenant, key, "fake-wasm", bundle, HttpStatusCode.BadRequest, ErrorCodes.HandlerNotWasm);
    }

    [Fact]
    public async Task Bundle_without_manifest_is_400_manifest_missing()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Files(("ui/index.html", "x"u8.ToArray()));
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "no-manifest", bundle);
        await Server.AssertRefusedAsync(response, tenant, key, "no-manifest", bundle, HttpStatusCode.BadRequest, ErrorCodes.ManifestMissing);
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("9starts-with-digit")]
    [InlineData("double--hyphen")]
    public async Task Invalid_slug_in_the_url_is_400_invalid_slug(string slug)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Valid(slug, "1.0.0");
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, slug, bundle);
        await Server.AssertRefusedAsync(response, tenant, key, slug, bundle, HttpStatusCode.BadRequest, ErrorCodes.InvalidSlug);
    }

    [Fact]
    public async Task Checksum_mismatch_is_400_and_stores_nothing()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Valid("mismatch", "1.0.0");
        var otherHash = TestBundles.Sha256(TestBundles.Valid("mismatch", "1.0.1"));
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "mismatch", bundle, sha256: otherHash);
        await Server.AssertRefusedAsync(response, tenant, key, "mismatch", bundle, HttpStatusCode.BadRequest, ErrorCodes.ChecksumMismatch);
    }

    [Fact]
    public async Task Bare_uppercase_hex_checksum_is_accepted()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Valid("bare-hex", "1.0.0");
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "bare-hex", bundle, sha256: TestBundles.Sha256(bundle)["sha256:".Length..].ToUpperInvariant());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("", ErrorCodes.ChecksumMissing)]
    [InlineData("sha256:1234", ErrorCodes.ChecksumInvalid)]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", ErrorCodes.ChecksumInvalid)]
    public async Task Missing_or_malformed_checksum_is_400_with_its_code(string sha256, string code)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Valid("checksums", "1.0.0");
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "checksums", bundle, sha256: sha256);
        await Server.AssertRefusedAsync(response, tenant, key, "checksums", bundle, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Form_without_bundle_is_400_bundle_missing()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PublishAsync(tenant, "no-bundle", bundle: null, sha256: "sha256:" + new string('a', 64));
        await Server.AssertRefusedAsync(response, tenant, key, "no-bundle", null, HttpStatusCode.BadRequest, ErrorCodes.BundleMissing);
    }

    [Fact]
    public async Task Publish_without_a_key_is_401_and_stores_nothing()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        var bundle = TestBundles.Valid("anonymous", "1.0.0");
        using var anonymous = Server.Anonymous();
        using var response = await anonymous.PublishAsync(tenant, "anonymous", bundle);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        using var client = Server.WithKey(key);
        using var versions = await client.GetAsync(Api.VersionsRoute(tenant, "anonymous"));
        Assert.Equal(HttpStatusCode.NotFound, versions.StatusCode);
    }

    [Fact]
    public async Task Json_instead_of_multipart_is_415_unsupported_media_type()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PostAsJsonAsync(Api.VersionsRoute(tenant, "json-body"), new { bundle = "x" });
        await Server.AssertRefusedAsync(response, tenant, key, "json-body", null, HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Malformed_multipart_is_400_validation_failed()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        var body = new StringContent("--not-the-boundary\r\nContent-Disposition: form-data; name=\"bundle\"\r\n\r\nabc", Encoding.ASCII);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=expected-boundary");
        using var response = await client.PostAsync(Api.VersionsRoute(tenant, "broken-form"), body);
        await Server.AssertRefusedAsync(response, tenant, key, "broken-form", null, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Versions_of_an_unknown_extension_are_404()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var list = await client.GetAsync(Api.VersionsRoute(tenant, "never-published"));
        await list.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        using var single = await client.GetAsync(Api.VersionsRoute(tenant, "never-published") + "/1.0.0");
        await single.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Audit_is_paged_newest_first()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        foreach (var version in new[] { "1.0.0", "1.0.1", "1.0.2" })
            (await client.PublishAsync(tenant, "paged", TestBundles.Valid("paged", version))).EnsureSuccessStatusCode();

        var first = await (await client.GetAsync(Api.TenantRoute(tenant, "/audit?limit=2"))).ReadAsync<ListResponse<AuditRecordDto>>();
        Assert.Equal(["paged@1.0.2", "paged@1.0.1"], first.Items.Select(r => r.Target));
        Assert.NotNull(first.NextCursor);
        var second = await (await client.GetAsync(Api.TenantRoute(tenant, $"/audit?limit=2&cursor={first.NextCursor}"))).ReadAsync<ListResponse<AuditRecordDto>>();
        Assert.Equal(["paged@1.0.0"], second.Items.Select(r => r.Target));
        Assert.Null(second.NextCursor);
    }

    [Theory]
    [InlineData("?limit=0", "invalid_limit")]
    [InlineData("?limit=100000", "invalid_limit")]
    [InlineData("?cursor=not-a-cursor", "invalid_cursor")]
    [InlineData("?limit=ten", ErrorCodes.ValidationFailed)]
    public async Task Bad_audit_paging_is_400_with_a_code(string query, string code)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.GetAsync(Api.TenantRoute(tenant, "/audit" + query));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }
}

public sealed class PublishTestsOnSqlite(SqliteServer fixture) : PublishTests(fixture), IClassFixture<SqliteServer>;

public sealed class PublishTestsOnPostgres(PostgresServer fixture) : PublishTests(fixture), IClassFixture<PostgresServer>;
