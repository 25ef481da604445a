using Selegic.Extensions.Platform.Tenants;

namespace Selegic.Extensions.Platform.Tests.Tenants;

public sealed class TenantSlugTests
{
    [Theory]
    [InlineData("acme-corp")]
    [InlineData("abc")]
    [InlineData("a1-b2")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")] // 63
    public void Valid_slugs_pass(string slug)
    {
        Assert.True(TenantSlug.IsValid(slug));
        TenantSlug.Validate(slug);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Acme")]
    [InlineData("-abc")]
    [InlineData("abc-")]
    [InlineData("a--b")]
    [InlineData("1abc")]
    [InlineData("acme_corp")]
    [InlineData("acme corp")]
    [InlineData("acme/corp")]
    [InlineData("../etc")]
    [InlineData("ünicode")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")] // 64
    public void Invalid_slugs_are_refused_with_invalid_slug(string? slug)
    {
        Assert.False(TenantSlug.IsValid(slug));
        var error = Assert.Throws<PlatformException>(() => TenantSlug.Validate(slug));
        Assert.Equal("invalid_slug", error.Code);
    }
}
