using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Signing;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.Keys;

/// <summary>`scrm keys generate` and `scrm extension sign`, checked with the shared verifier the server uses.</summary>
public sealed class KeyAndSignTests
{
    [Fact]
    public async Task Generate_writes_a_private_key_only_its_owner_can_read_and_a_public_key_with_the_same_id()
    {
        using var directory = new TempDirectory();

        var run = await Scrm.RunAsync(directory.Path, "keys", "generate", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        var privatePath = directory.Combine("publisher.key.pem");
        var publicPath = directory.Combine("publisher.pub.pem");
        Assert.Equal(privatePath, json.GetProperty("privateKeyPath").GetString());
        Assert.Equal(publicPath, json.GetProperty("publicKeyPath").GetString());
        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(privatePath));
        Assert.Equal(json.GetProperty("keyId").GetString(), BundleSignature.KeyIdOf(File.ReadAllText(publicPath)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
    }

    [Fact]
    public async Task Generate_never_overwrites_a_key_without_force()
    {
        using var directory = new TempDirectory();
        var first = await Scrm.RunAsync(directory.Path, "keys", "generate", "--json");
        var original = File.ReadAllText(directory.Combine("publisher.key.pem"));

        var again = await Scrm.RunAsync(directory.Path, "keys", "generate", "--json");
        Assert.Equal(original, File.ReadAllText(directory.Combine("publisher.key.pem")));
        var forced = await Scrm.RunAsync(directory.Path, "keys", "generate", "--force", "--json");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        AssertRefused(again, ExitCodes.Usage, "file_exists");
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        Assert.NotEqual(original, File.ReadAllText(directory.Combine("publisher.key.pem")));
    }

    [Fact]
    public async Task Sign_writes_a_signature_that_verifies_against_the_public_key_over_the_exact_bundle()
    {
        using var folder = new ExtensionFolder();
        await Scrm.RunAsync(folder.Path, "keys", "generate", "--private-key", "k.pem", "--public-key", "k.pub.pem");
        var bundlePath = (await Scrm.RunAsync(folder.Path, "extension", "pack", "--json")).Json().GetProperty("path").GetString()!;

        var run = await Scrm.RunAsync(folder.Path, "extension", "sign", bundlePath, "--signing-key", "k.pem", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        Assert.Equal(bundlePath + ".sig", json.GetProperty("signaturePath").GetString());
        var signature = File.ReadAllText(bundlePath + ".sig").Trim();
        Assert.Equal(json.GetProperty("signature").GetString(), signature);
        var publicKey = BundleSignature.ParsePublicKey(File.ReadAllText(Path.Combine(folder.Path, "k.pub.pem")));
        Assert.Equal(publicKey.KeyId, BundleSignature.Verify(File.ReadAllBytes(bundlePath), signature, [publicKey]));
        Assert.Equal(publicKey.KeyId, json.GetProperty("keyId").GetString());

        var tampered = File.ReadAllBytes(bundlePath);
        tampered[^1] ^= 1;
        var refusal = Assert.Throws<BundleException>(() => BundleSignature.Verify(tampered, signature, [publicKey]));
        Assert.Equal(ErrorCodes.SignatureInvalid, refusal.Code);
    }

    [Fact]
    public async Task Signing_with_a_public_key_or_a_missing_key_file_is_refused()
    {
        using var folder = new ExtensionFolder();
        await Scrm.RunAsync(folder.Path, "keys", "generate");
        var bundlePath = (await Scrm.RunAsync(folder.Path, "extension", "pack", "--json")).Json().GetProperty("path").GetString()!;

        var publicKey = await Scrm.RunAsync(folder.Path, "extension", "sign", bundlePath, "--key", "publisher.pub.pem", "--json");
        var missing = await Scrm.RunAsync(folder.Path, "extension", "sign", bundlePath, "--key", "absent.pem", "--json");
        var noKey = await Scrm.RunAsync(folder.Path, "extension", "sign", bundlePath);

        AssertRefused(publicKey, ExitCodes.Validation, "private_key_invalid");
        AssertRefused(missing, ExitCodes.Usage, "signing_key_missing");
        Assert.Equal(ExitCodes.Usage, noKey.ExitCode);
        Assert.False(File.Exists(bundlePath + ".sig"));
    }

    [Fact]
    public async Task Adding_a_private_key_as_a_publisher_key_is_refused_before_contacting_the_server()
    {
        using var directory = new TempDirectory();
        await Scrm.RunAsync(directory.Path, "keys", "generate");

        var run = await Scrm.RunAsync(directory.Path, "keys", "add", "publisher.key.pem", "--tenant", "acme-corp",
            "--server", ClosedPort.Url(), "--api-key", "key", "--json");

        AssertRefused(run, ExitCodes.Validation, "publisher_key_invalid");
    }
}
