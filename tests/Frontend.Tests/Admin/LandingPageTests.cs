using System.Net;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Admin;

/// <summary>GET / points a browser to the admin page and the docs, and tells nothing about the server.</summary>
public sealed class LandingPageTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Root_is_a_small_page_linking_the_admin_page_and_the_docs_without_secrets()
    {
        using var anonymous = fixture.Server.Anonymous();
        using var response = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/admin/\"", page);
        Assert.Contains("docs/api.md", page);
        Assert.DoesNotContain(fixture.Server.AdminKey, page);
        Assert.DoesNotContain("<script", page);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
