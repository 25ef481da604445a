using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.EndToEnd;

/// <summary>A tenant that requires signatures: keys generate, keys add, then signed and unsigned publishes.</summary>
public sealed class SignedPublishEndToEndTests(PlatformServer server) : IClassFixture<PlatformServer>
{
    [Fact]
    public async Task With_signatures_required_only_bundles_signed_by_a_registered_key_are_published()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var key = await server.CreateTenantAsync(tenant);
        await server.RequireSignaturesAsync(tenant, key);
        var environment = server.EnvironmentFor(tenant, key);
        using var folder = new ExtensionFolder();
        var registered = (await Scrm.RunAsync(folder.Path, "keys", "generate", "--private-key", "ours.pem", "--public-key", "ours.pub.pem", "--json")).Json();
        await Scrm.RunAsync(folder.Path, "keys", "generate", "--private-key", "stranger.pem", "--public-key", "stranger.pub.pem");

        var added = await Scrm.RunAsync(folder.Path, environment, "keys", "add", "ours.pub.pem", "--name", "ci", "--json");
        var unsigned = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--json");
        var strangers = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--signing-key", "stranger.pem", "--json");
        var signed = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--signing-key", "ours.pem", "--json");
        var versions = await Scrm.RunAsync(folder.Path, environment, "extension", "versions", "--json");

        Assert.True(added.ExitCode == ExitCodes.Success, added.ToString());
        Assert.Equal(registered.GetProperty("keyId").GetString(), added.Json().GetProperty("keyId").GetString());
        AssertRefused(unsigned, ExitCodes.ServerRefusal, "signature_required");
        Assert.Contains("scrm extension sign", unsigned.Json().GetProperty("hint").GetString());
        AssertRefused(strangers, ExitCodes.ServerRefusal, "unknown_publisher_key");
        Assert.Contains("scrm keys add", strangers.Json().GetProperty("hint").GetString());
        Assert.True(signed.ExitCode == ExitCodes.Success, signed.ToString());
        Assert.Equal(registered.GetProperty("keyId").GetString(), signed.Json().GetProperty("signatureKeyId").GetString());
        var version = Assert.Single(versions.Json().GetProperty("versions").EnumerateArray());
        Assert.Equal(registered.GetProperty("keyId").GetString(), version.GetProperty("signatureKeyId").GetString());
    }

    [Fact]
    public async Task A_bundle_signed_by_the_sign_verb_publishes_with_its_signature_file_and_a_tampered_one_does_not()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var key = await server.CreateTenantAsync(tenant);
        await server.RequireSignaturesAsync(tenant, key);
        var environment = server.EnvironmentFor(tenant, key);
        using var folder = new ExtensionFolder(version: "2.0.0");
        await Scrm.RunAsync(folder.Path, "keys", "generate");
        Assert.Equal(ExitCodes.Success, (await Scrm.RunAsync(folder.Path, environment, "keys", "add", "publisher.pub.pem")).ExitCode);
        var bundle = (await Scrm.RunAsync(folder.Path, "extension", "pack", "--json")).Json().GetProperty("path").GetString()!;
        Assert.Equal(ExitCodes.Success, (await Scrm.RunAsync(folder.Path, "extension", "sign", bundle, "--key", "publisher.key.pem")).ExitCode);
        using var other = new ExtensionFolder(version: "2.0.1");
        var otherBundle = (await Scrm.RunAsync(other.Path, "extension", "pack", "--json")).Json().GetProperty("path").GetString()!;

        var wrongBundle = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--bundle", otherBundle, "--signature", bundle + ".sig", "--json");
        var published = await Scrm.RunAsync(folder.Path, environment, "extension", "publish", "--bundle", bundle, "--signature", bundle + ".sig", "--json");

        AssertRefused(wrongBundle, ExitCodes.ServerRefusal, "signature_invalid");
        Assert.True(published.ExitCode == ExitCodes.Success, published.ToString());
        Assert.Equal("2.0.0", published.Json().GetProperty("version").GetString());
    }

    [Fact]
    public async Task Registering_the_same_key_twice_is_refused_with_a_code()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var environment = server.EnvironmentFor(tenant, await server.CreateTenantAsync(tenant));
        using var directory = new TempDirectory();
        await Scrm.RunAsync(directory.Path, "keys", "generate");

        var first = await Scrm.RunAsync(directory.Path, environment, "keys", "add", "publisher.pub.pem");
        var second = await Scrm.RunAsync(directory.Path, environment, "keys", "add", "publisher.pub.pem", "--json");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        AssertRefused(second, ExitCodes.ServerRefusal, "publisher_key_exists");
    }
}
