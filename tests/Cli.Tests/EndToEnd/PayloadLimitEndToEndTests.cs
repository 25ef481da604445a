using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;

namespace Selegic.Extensions.Cli.Tests.EndToEnd;

/// <summary>A bundle the CLI accepts locally but the server's (smaller, configured) limit refuses.</summary>
public sealed class PayloadLimitEndToEndTests(SmallLimitPlatformServer server) : IClassFixture<SmallLimitPlatformServer>
{
    [Fact]
    public async Task A_bundle_over_the_servers_size_limit_is_refused_with_413_a_code_a_hint_and_exit_code_4()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var folder = new ExtensionFolder();
        var noise = new byte[200 * 1024];
        new Random(7).NextBytes(noise);
        folder.Write("ui/noise.bin", noise);

        var run = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");

        Assert.True(run.ExitCode == ExitCodes.ServerRefusal, run.ToString());
        var json = run.Json();
        Assert.Equal(413, json.GetProperty("status").GetInt32());
        Assert.Contains(json.GetProperty("code").GetString(), new[] { "payload_too_large", "archive_too_large" });
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("hint").GetString()));
    }
}
