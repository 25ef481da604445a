using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;

namespace Selegic.Extensions.Cli.Tests.EndToEnd;

/// <summary>The `scrm` executable as a separate process, configured only by its environment, against the real server.</summary>
public sealed class ProcessEndToEndTests(PlatformServer server) : IClassFixture<PlatformServer>
{
    [Fact]
    public async Task The_scrm_process_publishes_with_environment_variables_and_exits_4_on_the_second_publish()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var folder = new ExtensionFolder();

        var first = await ScrmProcess.RunAsync(folder.Path, environment, "extension", "publish", "--json");
        var second = await ScrmProcess.RunAsync(folder.Path, environment, "extension", "publish");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Equal(tenant, first.Json().GetProperty("tenant").GetString());
        Assert.Equal(ExitCodes.ServerRefusal, second.ExitCode);
        Assert.Contains("version_exists", second.Stderr);
        Assert.Empty(second.Stdout);
    }

    [Fact]
    public async Task The_scrm_process_exits_2_without_a_tenant_and_3_for_a_bad_version()
    {
        using var folder = new ExtensionFolder();
        using var badVersion = new ExtensionFolder(version: "v1");

        var noTenant = await ScrmProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "extension", "publish", "--dry-run");
        var invalid = await ScrmProcess.RunAsync(badVersion.Path, new Dictionary<string, string> { ["SCRM_TENANT_ID"] = "acme-corp" },
            "extension", "publish", "--dry-run");

        Assert.Equal(ExitCodes.Usage, noTenant.ExitCode);
        Assert.Contains("SCRM_TENANT_ID", noTenant.Stderr);
        Assert.Equal(ExitCodes.Validation, invalid.ExitCode);
        Assert.Contains("invalid_version", invalid.Stderr);
    }

    [Fact]
    public async Task The_scrm_executable_wires_the_extension_and_keys_verbs()
    {
        using var directory = new TempDirectory();

        var help = await ScrmProcess.RunAsync(directory.Path, new Dictionary<string, string>(), "--help");
        var generate = await ScrmProcess.RunAsync(directory.Path, new Dictionary<string, string>(), "keys", "generate", "--json");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.Contains("extension", help.Stdout);
        Assert.Contains("keys", help.Stdout);
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.ToString());
        Assert.True(File.Exists(directory.Combine("publisher.key.pem")));
    }
}
