using System.Text.Json;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.EndToEnd;

/// <summary>`scrm` against the real server over HTTP: pack, publish, refusals, versions.</summary>
public sealed class PublishEndToEndTests(PlatformServer server) : IClassFixture<PlatformServer>
{
    [Fact]
    public async Task Pack_then_publish_uploads_with_progress_and_the_server_keeps_the_same_hash()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var folder = new ExtensionFolder();
        folder.Write("ui/big.bin", RandomBytes(300 * 1024)); // several upload chunks
        var packed = (await Scrm.RunAsync(folder.Path, "extension", "pack", "--json")).Json();

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.False(json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(tenant, json.GetProperty("tenant").GetString());
        Assert.Equal("vacation-trip", json.GetProperty("slug").GetString());
        Assert.Equal("1.0.0", json.GetProperty("version").GetString());
        Assert.Equal(packed.GetProperty("contentHash").GetString(), json.GetProperty("contentHash").GetString());
        var progress = run.Stderr.Split('\n').Where(line => line.StartsWith("upload: ")).ToList();
        Assert.True(progress.Count >= 4, run.Stderr);
        Assert.StartsWith("upload: 0 B / 300.", progress[0]);
        Assert.EndsWith("(100%)", progress[^1].TrimEnd());

        var audit = await server.AuditAsync(tenant, environment["SCRM_API_KEY"]);
        Assert.Contains(audit, r => r.Action == "extension.publish" && r.Outcome == "success"
                                    && r.ContentHash == packed.GetProperty("contentHash").GetString());
    }

    [Fact]
    public async Task Publishing_the_same_version_again_fails_with_409_its_code_a_hint_and_exit_code_4()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var folder = new ExtensionFolder();
        var first = await Scrm.RunAsync(folder.Path, environment, "extension", "publish");
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());

        var human = await Scrm.RunAsync(folder.Path, environment, "extension", "publish");
        var json = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        Assert.Equal(ExitCodes.ServerRefusal, human.ExitCode);
        Assert.Contains("error: version_exists (HTTP 409)", human.Stderr);
        Assert.Contains("hint: Versions are immutable", human.Stderr);
        AssertRefused(json, ExitCodes.ServerRefusal, "version_exists");
        Assert.Equal(409, json.Json().GetProperty("status").GetInt32());
        Assert.Contains("Bump 'version'", json.Json().GetProperty("hint").GetString());
    }

    [Fact]
    public async Task A_declared_sha256_that_does_not_match_the_upload_is_refused_by_the_server_and_nothing_is_published()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json", "--sha256", new string('a', 64));

        AssertRefused(run, ExitCodes.ServerRefusal, "checksum_mismatch");
        Assert.Equal(400, run.Json().GetProperty("status").GetInt32());
        Assert.Contains("do not hash to the declared sha256", run.Json().GetProperty("hint").GetString());
        AssertNothingPublished(await Scrm.RunAsync(folder.Path, environment, "extension", "versions", "--json"));
    }

    [Fact]
    public async Task Versions_lists_every_published_version_with_its_content_hash()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        var hashes = new Dictionary<string, string>();
        foreach (var version in new[] { "1.0.0", "1.1.0-beta.1" })
        {
            using var folder = new ExtensionFolder(version: version);
            var published = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");
            Assert.True(published.ExitCode == ExitCodes.Success, published.ToString());
            hashes[version] = published.Json().GetProperty("contentHash").GetString()!;
        }
        using var elsewhere = new TempDirectory();

        var run = await Scrm.RunAsync(elsewhere.Path, environment, "extension", "versions", "--slug", "vacation-trip", "--json");
        var human = await Scrm.RunAsync(elsewhere.Path, environment, "extension", "versions", "--slug", "vacation-trip");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        Assert.Equal(tenant, json.GetProperty("tenant").GetString());
        Assert.Equal("vacation-trip", json.GetProperty("slug").GetString());
        var listed = json.GetProperty("versions").EnumerateArray()
            .ToDictionary(v => v.GetProperty("version").GetString()!, v => v.GetProperty("contentHash").GetString()!);
        Assert.Equal(hashes.OrderBy(h => h.Key), listed.OrderBy(h => h.Key));
        Assert.Contains("1.1.0-beta.1", human.Stdout);
        Assert.Contains(hashes["1.0.0"], human.Stdout);
    }

    [Fact]
    public async Task Versions_of_an_extension_never_published_is_an_empty_list_or_a_refusal_with_a_code()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var elsewhere = new TempDirectory();

        AssertNothingPublished(await Scrm.RunAsync(elsewhere.Path, environment, "extension", "versions", "--slug", "never-published", "--json"));
    }

    /// <summary>The server answers 404 not_found for an extension without versions (an empty list would do too).</summary>
    private static void AssertNothingPublished(ScrmRun versions)
    {
        if (versions.ExitCode == ExitCodes.Success)
            Assert.Equal(0, versions.Json().GetProperty("versions").GetArrayLength());
        else
            AssertRefused(versions, ExitCodes.ServerRefusal, "not_found");
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_with_401_and_exit_code_4_before_any_bundle_byte_is_sent()
    {
        var tenant = PlatformServer.NewTenantSlug();
        await server.CreateTenantAsync(tenant);
        using var proxy = new RecordingTcpProxy(server.Url);
        var environment = server.EnvironmentFor(tenant, "not-a-real-key");
        environment["SCRM_SERVER_URL"] = proxy.Url.ToString();
        using var folder = new ExtensionFolder();
        folder.Write("ui/big.bin", RandomBytes(BigFileBytes));

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        AssertRefused(run, ExitCodes.ServerRefusal, "unauthorized");
        Assert.Equal(401, run.Json().GetProperty("status").GetInt32());
        Assert.Contains("SCRM_API_KEY", run.Json().GetProperty("hint").GetString());
        AssertNoUpload(proxy, tenant);
    }

    [Fact]
    public async Task Another_tenants_key_is_refused_with_exit_code_4_before_any_bundle_byte_is_sent()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var other = PlatformServer.NewTenantSlug();
        await server.CreateTenantAsync(tenant);
        var otherKey = await server.CreateTenantAsync(other);
        using var proxy = new RecordingTcpProxy(server.Url);
        var environment = server.EnvironmentFor(tenant, otherKey);
        environment["SCRM_SERVER_URL"] = proxy.Url.ToString();
        using var folder = new ExtensionFolder();
        folder.Write("ui/big.bin", RandomBytes(BigFileBytes));

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        Assert.True(run.ExitCode == ExitCodes.ServerRefusal, run.ToString());
        Assert.Contains(run.Json().GetProperty("status").GetInt32(), new[] { 403, 404 });
        AssertNoUpload(proxy, tenant);
    }

    [Fact]
    public async Task Through_the_same_proxy_a_right_key_publishes_so_the_proxy_hides_nothing()
    {
        var tenant = PlatformServer.NewTenantSlug();
        using var proxy = new RecordingTcpProxy(server.Url);
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        environment["SCRM_SERVER_URL"] = proxy.Url.ToString();
        using var folder = new ExtensionFolder();
        folder.Write("ui/big.bin", RandomBytes(BigFileBytes));

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"POST /api/v1/tenants/{tenant}/extensions/vacation-trip/versions HTTP/1.1", proxy.RequestLines());
        Assert.True(proxy.SentBytes().Length > BigFileBytes, $"{proxy.SentBytes().Length} bytes went through the proxy");
    }

    /// <summary>Random bytes do not compress, so the bundle is at least this big.</summary>
    private const int BigFileBytes = 256 * 1024;

    private static void AssertNoUpload(RecordingTcpProxy proxy, string tenant)
    {
        var lines = proxy.RequestLines();
        Assert.NotEmpty(lines); // the CLI did talk to the server through the proxy
        Assert.DoesNotContain(lines, line => line.StartsWith("POST ", StringComparison.Ordinal) && line.Contains($"/tenants/{tenant}/extensions/"));
        Assert.True(proxy.SentBytes().Length < BigFileBytes / 8, $"{proxy.SentBytes().Length} bytes went to the server");
    }

    [Fact]
    public async Task The_environment_variables_alone_configure_a_publish_and_options_override_them()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var key = await server.CreateTenantAsync(tenant);
        var misleading = new Dictionary<string, string>
        {
            ["SCRM_SERVER_URL"] = ClosedPort.Url(), ["SCRM_TENANT_ID"] = "someone-else", ["SCRM_API_KEY"] = "wrong",
        };
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, misleading, "extension", "publish", "--json",
            "--server", server.Url.ToString(), "--tenant", tenant, "--api-key", key);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(tenant, run.Json().GetProperty("tenant").GetString());
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
