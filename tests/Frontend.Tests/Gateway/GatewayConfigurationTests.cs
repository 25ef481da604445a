using Selegic.Extensions.Frontend.Hosting;
using Selegic.Extensions.Platform;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>Bad gateway settings stop the server before it listens, naming the setting.</summary>
public sealed class GatewayConfigurationTests
{
    [Theory]
    [InlineData("Extensions:Gateway:Limits:TimeoutMilliseconds", "600000", "timeoutMilliseconds")]
    [InlineData("Extensions:Gateway:Limits:MemoryBytes", "0", "memoryBytes")]
    [InlineData("Extensions:Gateway:MaxRequestBytes", "0", "MaxRequestBytes")]
    [InlineData("Extensions:Gateway:AssetTicketTtlSeconds", "0", "AssetTicketTtlSeconds")]
    [InlineData("Extensions:Gateway:RunnerUrls:0", "http://runner-0:8080", "Extensions:Gateway:RunnerUrls is no longer supported")]
    [InlineData("Extensions:Gateway:RunnerSharedSecrets:0", "a-secret-of-the-retired-runner-services", "Extensions:Gateway:RunnerSharedSecrets is no longer supported")]
    public void Invalid_setting_is_refused_at_start(string key, string value, string named) =>
        AssertRefusedAtStart(named, $"--{key}={value}");

    [Theory]
    [InlineData("ftp://ext-ui.example.com")]
    [InlineData("https://ext-ui.example.com/ui")]
    [InlineData("https://ext-ui.example.com/?x=1")]
    [InlineData("ext-ui.example.com")]
    public void Extension_ui_origin_that_is_not_an_origin_is_refused_at_start(string value) =>
        AssertRefusedAtStart("EXTENSION_UI_ORIGIN", $"--EXTENSION_UI_ORIGIN={value}", "--Extensions:Gateway:HostOrigin=https://crm.example.com");

    [Fact]
    public void Extension_ui_origin_without_the_host_origin_that_frames_it_is_refused_at_start() =>
        AssertRefusedAtStart("Extensions:Gateway:HostOrigin", "--EXTENSION_UI_ORIGIN=https://ext-ui.example.com");

    private static void AssertRefusedAtStart(string named, params string[] settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "scrm-gateway-config-" + Guid.NewGuid().ToString("N"));
        try
        {
            var error = Assert.Throws<PlatformException>(() =>
                ExtensionsServer.Build(["--urls=http://127.0.0.1:0", $"--Extensions:DataDirectory={data}", .. settings]));
            Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
            Assert.Contains(named, error.Message);
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
