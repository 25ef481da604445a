using System.Net;
using System.Net.Sockets;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.Extension;

/// <summary>Publish's options, environment variables and dry run; none of these reach a server.</summary>
public sealed class PublishOptionsTests
{
    [Fact]
    public async Task Publish_without_a_tenant_is_a_usage_error_even_in_a_dry_run()
    {
        using var folder = new ExtensionFolder();

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "publish", "--dry-run", "--json"), ExitCodes.Usage, "missing_tenant");
    }

    [Theory]
    [InlineData("../acme")]
    [InlineData("Acme")]
    [InlineData("acme%2Fcorp")]
    public async Task An_unsafe_tenant_slug_is_a_usage_error(string tenant)
    {
        using var folder = new ExtensionFolder();

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "publish", "--dry-run", "--tenant", tenant, "--json"),
            ExitCodes.Usage, "invalid_tenant");
    }

    [Fact]
    public async Task A_tenant_slug_starting_with_a_digit_is_accepted_as_the_server_accepts_it()
    {
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, "extension", "publish", "--dry-run", "--tenant", "42-corp", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    [Fact]
    public async Task The_tenant_comes_from_SCRM_TENANT_ID_and_the_option_overrides_it()
    {
        using var folder = new ExtensionFolder();
        var environment = new Dictionary<string, string> { ["SCRM_TENANT_ID"] = "from-env" };

        var fromEnvironment = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--dry-run", "--json");
        var fromOption = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--dry-run", "--tenant", "acme-corp", "--json");

        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Equal("from-env", fromEnvironment.Json().GetProperty("tenant").GetString());
        Assert.Equal("acme-corp", fromOption.Json().GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task A_real_publish_without_a_server_url_is_a_usage_error()
    {
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, new Dictionary<string, string> { ["SCRM_API_KEY"] = "key" },
            "extension", "publish", "--tenant", "acme-corp", "--json");

        AssertRefused(run, ExitCodes.Usage, "missing_server_url");
    }

    [Fact]
    public async Task A_real_publish_without_an_api_key_is_a_usage_error()
    {
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, new Dictionary<string, string> { ["SCRM_SERVER_URL"] = ClosedPort.Url() },
            "extension", "publish", "--tenant", "acme-corp", "--json");

        AssertRefused(run, ExitCodes.Usage, "missing_api_key");
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("not a url")]
    public async Task A_server_url_that_is_not_http_is_a_usage_error(string url)
    {
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, new Dictionary<string, string> { ["SCRM_SERVER_URL"] = url, ["SCRM_API_KEY"] = "k" },
            "extension", "publish", "--tenant", "acme-corp", "--json");

        AssertRefused(run, ExitCodes.Usage, "invalid_server_url");
    }

    [Fact]
    public async Task An_unreachable_server_exits_with_the_network_code()
    {
        using var folder = new ExtensionFolder();
        var environment = new Dictionary<string, string>
        {
            ["SCRM_SERVER_URL"] = ClosedPort.Url(), ["SCRM_API_KEY"] = "key", ["SCRM_TENANT_ID"] = "acme-corp",
        };

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        AssertRefused(run, ExitCodes.Network, "server_unreachable");
    }

    [Fact]
    public async Task A_dry_run_against_a_closed_port_succeeds_and_validates_everything()
    {
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--server", ClosedPort.Url(),
            "--api-key", "key", "--dry-run", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.True(json.GetProperty("dryRun").GetBoolean());
        Assert.Equal("vacation-trip", json.GetProperty("slug").GetString());
        Assert.Equal("1.0.0", json.GetProperty("version").GetString());
        Assert.StartsWith("sha256:", json.GetProperty("contentHash").GetString());
        Assert.Equal(64, json.GetProperty("sha256").GetString()!.Length);
        Assert.True(json.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.DoesNotContain("upload:", run.Stderr);
    }

    [Fact]
    public async Task A_dry_run_opens_no_connection_to_a_listening_server()
    {
        using var folder = new ExtensionFolder();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

            var run = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--server", url,
                "--api-key", "key", "--dry-run");

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.False(listener.Pending(), "the dry run connected to the server");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_dry_run_refuses_a_bundle_that_breaks_a_rule_exactly_like_pack()
    {
        using var folder = new ExtensionFolder(version: "1.0");

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json"),
            ExitCodes.Validation, "invalid_version");
    }

    [Fact]
    public async Task A_dry_run_compares_a_declared_sha256_with_the_bundle()
    {
        using var folder = new ExtensionFolder();
        var packed = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");
        var actual = packed.Json().GetProperty("sha256").GetString()!;

        var matching = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--sha256", actual.ToUpperInvariant());
        var other = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json",
            "--sha256", new string('0', 64));
        var malformed = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json",
            "--sha256", "abc");

        Assert.True(matching.ExitCode == ExitCodes.Success, matching.ToString());
        AssertRefused(other, ExitCodes.Validation, "checksum_mismatch");
        Assert.Contains("hint:", other.Stderr);
        AssertRefused(malformed, ExitCodes.Validation, "checksum_invalid");
    }

    [Fact]
    public async Task Publish_takes_an_existing_bundle_file_and_checks_it()
    {
        using var folder = new ExtensionFolder();
        var packed = (await Scrm.RunAsync(folder.Path, "extension", "pack", "--json")).Json();
        var notABundle = Path.Combine(folder.Path, "notes.tar.gz");
        File.WriteAllText(notABundle, "plain text, not gzip");

        var good = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json",
            "--bundle", packed.GetProperty("path").GetString()!);
        var bad = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json",
            "--bundle", notABundle);
        var missing = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json",
            "--bundle", "nope.tar.gz");

        Assert.True(good.ExitCode == ExitCodes.Success, good.ToString());
        Assert.Equal(packed.GetProperty("contentHash").GetString(), good.Json().GetProperty("contentHash").GetString());
        AssertRefused(bad, ExitCodes.Validation, "archive_not_gzip");
        AssertRefused(missing, ExitCodes.Usage, "bundle_file_missing");
    }

    [Fact]
    public async Task Signing_key_and_signature_together_are_a_usage_error()
    {
        using var folder = new ExtensionFolder();

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dry-run", "--json",
            "--signing-key", "k.pem", "--signature", "abc"), ExitCodes.Usage, "conflicting_options");
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_with_the_usage_code()
    {
        using var folder = new ExtensionFolder();

        var missingValue = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant");
        var unknownVerb = await Scrm.RunAsync(folder.Path, "extension", "unpublish");
        var mistypedOption = await Scrm.RunAsync(folder.Path, "extension", "publish", "--tenant", "acme-corp", "--dryrun");

        Assert.Equal(ExitCodes.Usage, missingValue.ExitCode);
        Assert.Equal(ExitCodes.Usage, unknownVerb.ExitCode);
        Assert.Equal(ExitCodes.Usage, mistypedOption.ExitCode);
        Assert.Contains("--dryrun", mistypedOption.Stderr);
    }

    [Fact]
    public async Task Help_documents_the_exit_codes_and_environment_variables()
    {
        using var folder = new ExtensionFolder();

        var help = await Scrm.RunAsync(folder.Path, "extension", "publish", "--help");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        foreach (var text in new[] { "SCRM_SERVER_URL", "SCRM_TENANT_ID", "SCRM_API_KEY", "--dry-run", "--json", "2 usage", "4 server refused", "5 server unreachable" })
            Assert.Contains(text, help.Stdout);
    }
}
