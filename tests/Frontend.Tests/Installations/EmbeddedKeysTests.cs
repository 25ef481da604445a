using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Platform.Secrets;

namespace Selegic.Extensions.Frontend.Tests.Installations;

/// <summary>
/// The embedded default without EXTENSION_TOKEN_SECRET or EXTENSION_SECRET_KEYS: keys are generated
/// once under the data directory, so a restart keeps tokens valid and sealed secrets readable.
/// Also: signing-secret rotation through the configuration, and a bad key setting stopping start-up.
/// </summary>
public sealed class EmbeddedKeysTests
{
    private static readonly Dictionary<string, string> Sqlite = new() { ["Extensions:MetadataStore"] = "sqlite" };

    [Fact]
    public async Task Generated_keys_survive_a_restart_tokens_stay_valid_and_secrets_stay_readable()
    {
        var server = await RunningServer.StartAsync(Sqlite);
        var dataDirectory = server.DataDirectory;
        try
        {
            var (tenant, key) = await server.NewTenantAsync("emb");
            using var client = server.WithKey(key);
            await client.PublishAsync(tenant, "embedded-ext", "1.0.0", "cap:storage.kv");
            var installation = await client.InstallAsync(tenant, new
            {
                extension = "embedded-ext", version = "1.0.0",
                secrets = new Dictionary<string, string> { ["api_key"] = "embedded-secret-1" },
            });
            var token = await client.MintAsync(tenant, installation.Id);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "keys", "token-signing.key")));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "keys", "secret-sealing.key")));
            var tenantId = (await server.Services.GetRequiredService<Platform.Storage.IMetadataStore>().GetTenantBySlugAsync(tenant, default))!.Id;
            Assert.Equal("embedded-secret-1", await server.Services.GetRequiredService<ISecretReader>().ReadAsync(tenantId, installation.Id, "api_key", default));

            await server.StopAsync();
            server = await RunningServer.StartAsync(Sqlite, dataDirectory);

            await server.AssertTokenAcceptedAsync(token.Token);
            var reader = server.Services.GetRequiredService<ISecretReader>();
            Assert.Equal("embedded-secret-1", await reader.ReadAsync(tenantId, installation.Id, "api_key", default));
            Assert.Null(await reader.ReadAsync(tenantId, installation.Id, "missing", default));
            Assert.Null(await reader.ReadAsync(Guid.NewGuid(), installation.Id, "api_key", default));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rotating_the_signing_secret_keeps_tokens_of_the_previous_key_valid_until_it_is_removed()
    {
        var settings = new Dictionary<string, string>(Sqlite) { ["EXTENSION_TOKEN_SECRET"] = $"{TestTokenSigner.OldKeyId}:{TestTokenSigner.OldSecret}" };
        var server = await RunningServer.StartAsync(settings);
        var dataDirectory = server.DataDirectory;
        try
        {
            var (tenant, key) = await server.NewTenantAsync("rot");
            using (var client = server.WithKey(key))
            {
                await client.PublishAsync(tenant, "rotating-ext", "1.0.0");
                var installation = await client.InstallAsync(tenant, new { extension = "rotating-ext", version = "1.0.0" });
                var old = await client.MintAsync(tenant, installation.Id);

                await server.StopAsync();
                server = await RunningServer.StartAsync(new Dictionary<string, string>(Sqlite) { ["EXTENSION_TOKEN_SECRET"] = TestTokenSigner.Configuration }, dataDirectory);
                using var rotated = server.WithKey(key);
                var fresh = await rotated.MintAsync(tenant, installation.Id);
                Assert.Equal(TestTokenSigner.CurrentKeyId, InstallationApi.Header(fresh.Token).GetProperty("kid").GetString());
                await server.AssertTokenAcceptedAsync(old.Token);
                await server.AssertTokenAcceptedAsync(fresh.Token);

                await server.StopAsync();
                server = await RunningServer.StartAsync(new Dictionary<string, string>(Sqlite)
                {
                    ["EXTENSION_TOKEN_SECRET"] = $"{TestTokenSigner.CurrentKeyId}:{TestTokenSigner.CurrentSecret}",
                }, dataDirectory);
                await server.AssertTokenRefusedAsync(old.Token, ErrorCodes.TokenInvalid);
                await server.AssertTokenAcceptedAsync(fresh.Token);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("EXTENSION_TOKEN_SECRET", "k1:too-short")]
    [InlineData("EXTENSION_SECRET_KEYS", "k1:AAECAwQ=")]
    public async Task A_bad_key_setting_stops_start_up_naming_it(string variable, string value)
    {
        var error = await Assert.ThrowsAsync<Platform.PlatformException>(() =>
            RunningServer.StartAsync(new Dictionary<string, string>(Sqlite) { [variable] = value }));
        Assert.Equal(Platform.PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(variable, error.Message);
        Assert.DoesNotContain("too-short", error.Message);
    }
}
