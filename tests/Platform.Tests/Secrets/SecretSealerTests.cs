using System.Security.Cryptography;
using Selegic.Extensions.Platform.Secrets;

namespace Selegic.Extensions.Platform.Tests.Secrets;

public sealed class SecretSealerTests
{
    private const string OldKeys = "old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string RotatedKeys = "new:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=,old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static readonly SecretContext Context = new(Guid.NewGuid(), Guid.NewGuid(), "api_key");

    [Fact]
    public void A_sealed_secret_opens_to_its_plaintext_and_does_not_contain_it()
    {
        var sealer = new SecretSealer(SecretSealer.ParseKeys(OldKeys));
        var sealedValue = sealer.Seal("hunter2-plaintext", Context);

        Assert.StartsWith("v1.old.", sealedValue);
        Assert.DoesNotContain("hunter2", sealedValue);
        Assert.Equal("hunter2-plaintext", sealer.Open(sealedValue, Context));
    }

    [Fact]
    public void Every_seal_uses_a_fresh_nonce()
    {
        var sealer = new SecretSealer(SecretSealer.ParseKeys(OldKeys));
        Assert.NotEqual(sealer.Seal("same", Context), sealer.Seal("same", Context));
    }

    [Fact]
    public void After_rotation_new_seals_use_the_current_key_and_old_seals_still_open()
    {
        var before = new SecretSealer(SecretSealer.ParseKeys(OldKeys)).Seal("value", Context);
        var rotated = new SecretSealer(SecretSealer.ParseKeys(RotatedKeys));

        Assert.Equal("value", rotated.Open(before, Context));
        var after = rotated.Seal("value", Context);
        Assert.Equal("new", SecretSealer.KeyIdOf(after));
        // Once the old key is dropped from the configuration, its seals no longer open (and say why).
        var onlyNew = new SecretSealer(SecretSealer.ParseKeys(RotatedKeys.Split(',')[0]));
        Assert.Contains("'old'", Assert.ThrowsAny<CryptographicException>(() => onlyNew.Open(before, Context)).Message);
        Assert.Equal("value", onlyNew.Open(after, Context));
    }

    [Fact]
    public void A_tampered_or_misplaced_sealed_value_does_not_open()
    {
        var sealer = new SecretSealer(SecretSealer.ParseKeys(OldKeys));
        var sealedValue = sealer.Seal("value", Context);
        var flipped = sealedValue[..^2] + (sealedValue[^2] == 'A' ? 'B' : 'A') + sealedValue[^1];

        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(flipped, Context));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(sealedValue, Context with { Name = "other" }));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(sealedValue, Context with { InstallationId = Guid.NewGuid() }));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open("v1.old.AAAA", Context));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open("v2.old." + sealedValue.Split('.')[2], Context));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open("v1.old.!!!", Context));
    }

    [Theory]
    [InlineData("")]
    [InlineData("k1:AAECAwQ=")]                                         // 5 bytes, not 32
    [InlineData("k1:not base64 at all")]
    [InlineData("bad id!:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")]
    [InlineData("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=")]
    public void Unusable_key_configuration_is_refused_naming_the_variable_and_never_echoing_a_key(string text)
    {
        var error = Assert.Throws<PlatformException>(() => SecretSealer.ParseKeys(text));
        Assert.Equal(PlatformErrorCodes.InvalidConfiguration, error.Code);
        Assert.Contains(SecretSealer.ConfigurationVariable, error.Message);
        Assert.DoesNotContain("AAECAwQ", error.Message);
    }

    [Fact]
    public void A_bare_key_gets_a_stable_derived_key_id()
    {
        var bare = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        var first = SecretSealer.ParseKeys(bare).Current.KeyId;
        Assert.Equal(first, SecretSealer.ParseKeys(bare).Current.KeyId);
        Assert.Matches("^k[0-9a-f]{8}$", first);
    }

    [Fact]
    public void A_generated_key_file_is_created_once_private_to_the_owner_and_reused()
    {
        var path = Path.Combine(Path.GetTempPath(), "scrm-keys-" + Guid.NewGuid().ToString("N"), "keys", "seal.key");
        try
        {
            var first = PersistedKeyFile.LoadOrCreate(path, SecretSealer.GenerateKeyText);
            var second = PersistedKeyFile.LoadOrCreate(path, () => throw new InvalidOperationException("must not generate twice"));
            Assert.Equal(first, second);
            Assert.Single(SecretSealer.ParseKeys(first).Keys);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        }
    }
}
