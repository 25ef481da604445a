using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Naming;
using Selegic.Extensions.Contracts.Tests.Support;

namespace Selegic.Extensions.Contracts.Tests.Naming;

public sealed class SlugTests
{
    [Theory]
    [InlineData("acme-corp")]
    [InlineData("vacation-trip")]
    [InlineData("a1")]
    [InlineData("x-1-2-3")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0")]
    public void Valid_slugs(string slug)
    {
        Assert.True(Slug.IsValid(slug));
        Assert.Equal(slug, Slug.Validate(slug));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("Acme")]
    [InlineData("1acme")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("acme--corp")]
    [InlineData("acme_corp")]
    [InlineData("acme.corp")]
    [InlineData("acme corp")]
    [InlineData("acme/corp")]
    [InlineData("..")]
    [InlineData("ａcme")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01")]
    public void Invalid_slugs(string? slug)
    {
        Assert.False(Slug.IsValid(slug));
        var e = Refusal.Expect(ErrorCodes.InvalidSlug, () => Slug.Validate(slug, "slug"));
        Assert.Equal("slug", e.Field);
    }
}
