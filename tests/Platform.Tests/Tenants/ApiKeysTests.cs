using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Platform.Tests.Tenants;

public sealed class ApiKeysTests
{
    [Fact]
    public void Generated_keys_are_prefixed_url_safe_and_never_repeat()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeys.Generate()).ToList();

        Assert.All(keys, k =>
        {
            Assert.StartsWith("sk_", k);
            Assert.Equal(3 + 43, k.Length); // 32 random bytes in unpadded base64url
            Assert.Matches("^sk_[A-Za-z0-9_-]{43}$", k);
        });
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void The_hash_is_sha256_of_the_utf8_key_in_lowercase_hex()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.Hash("abc"));
        Assert.NotEqual(ApiKeys.Hash("sk_a"), ApiKeys.Hash("sk_b"));
    }

    [Fact]
    public void The_display_prefix_shows_the_start_of_a_generated_key_and_at_most_a_quarter_of_a_short_one()
    {
        var key = ApiKeys.Generate();

        Assert.Equal(key[..11], ApiKeys.DisplayPrefix(key));
        Assert.Equal("abcd", ApiKeys.DisplayPrefix("abcdefghijklmnop"));
        Assert.Equal("", ApiKeys.DisplayPrefix("abc"));
    }

    [Fact]
    public void Hashes_compare_equal_only_when_identical()
    {
        var hash = ApiKeys.Hash("sk_one");

        Assert.True(ApiKeys.HashesEqual(hash, ApiKeys.Hash("sk_one")));
        Assert.False(ApiKeys.HashesEqual(hash, ApiKeys.Hash("sk_two")));
        Assert.False(ApiKeys.HashesEqual(hash, hash[..^1]));
    }
}
