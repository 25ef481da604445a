using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Contracts.Tests.Manifest;

public sealed class ManifestRulesTests
{
    [Theory]
    [InlineData("api.example.com", "api.example.com", true)]
    [InlineData("api.example.com", "API.Example.com", true)]
    [InlineData("api.example.com", "api.example.com.", true)]
    [InlineData("api.example.com", "evil-api.example.com", false)]
    [InlineData("api.example.com", "api.example.com.evil.net", false)]
    [InlineData("*.example.com", "a.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    [InlineData("*.example.com", ".example.com", false)]
    public void Egress_entries_match_hosts(string entry, string host, bool allowed) =>
        Assert.Equal(allowed, ManifestRules.EgressAllows(entry, host));

    [Theory]
    [InlineData("GET", "/trips/:id", "GET", "/trips/42", true, "42")]
    [InlineData("GET", "/trips/:id", "get", "/trips/42", true, "42")]
    [InlineData("GET", "/trips/:id", "POST", "/trips/42", false, null)]
    [InlineData("GET", "/trips/:id", "GET", "/trips/", false, null)]
    [InlineData("GET", "/trips/:id", "GET", "/trips/42/x", false, null)]
    [InlineData("GET", "/trips/:id", "GET", "/Trips/42", false, null)]
    [InlineData("GET", "/", "GET", "/", true, null)]
    [InlineData("GET", "/", "GET", "/x", false, null)]
    public void Endpoints_match_requests(string method, string pattern, string requestMethod, string path, bool matches, string? id)
    {
        var endpoint = new ManifestEndpoint(method, pattern);
        Assert.Equal(matches, endpoint.TryMatch(requestMethod, path, out var parameters));
        if (id is not null) Assert.Equal(id, parameters["id"]);
    }
}
