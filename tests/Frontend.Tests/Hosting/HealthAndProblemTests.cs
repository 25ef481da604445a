using System.Net;
using System.Text;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Hosting;

/// <summary>Probes, and problem documents for what no endpoint answers itself.</summary>
public abstract class HealthAndProblemTests(ServerFixture fixture)
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Healthz_answers_200_without_a_key()
    {
        using var client = Server.Anonymous();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_answers_200_when_both_stores_are_reachable()
    {
        using var client = Server.Anonymous();
        using var response = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ready", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        using var client = Server.AsPlatformAdmin();
        using var response = await client.GetAsync("/api/v1/no-such-thing");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        using var client = Server.AsPlatformAdmin();
        using var response = await client.DeleteAsync("/healthz");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, ErrorCodes.MethodNotAllowed);
    }

    [Fact]
    public async Task Malformed_json_body_is_a_400_problem()
    {
        using var client = Server.AsPlatformAdmin();
        using var response = await client.PostAsync(Api.Tenants, new StringContent("{\"slug\":", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Malformed_json_body_names_where_it_breaks()
    {
        using var client = Server.AsPlatformAdmin();
        using var response = await client.PostAsync(Api.Tenants, new StringContent("{\"slug\":\n  nope}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal("The request body is not valid JSON (line 2, byte 4).", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"extension":"x","version":"1.0.0","grants":"cap:storage.kv"}""", "grants: expected a JSON array")]
    [InlineData("""{"extension":"x","version":"1.0.0","grants":["cap:storage.kv",7]}""", "grants[1]: expected a string")]
    [InlineData("""{"extension":"x","version":"1.0.0","secrets":[]}""", "secrets: expected a JSON object")]
    [InlineData("""{"extension":"x","version":"1.0.0","secrets":{"a":1}}""", "secrets.a: expected a string")]
    [InlineData("""{"extension":7,"version":"1.0.0"}""", "extension: expected a string")]
    [InlineData("""["x"]""", "the request body: expected a JSON object")]
    public async Task A_json_body_value_of_the_wrong_type_names_the_field_and_the_expected_type(string body, string detail)
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PostAsync(Api.TenantRoute(tenant, "/installations"), new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal(detail + ".", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_for_a_record_says_an_object_is_expected()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.PostAsync(Api.TenantRoute(tenant, $"/installations/{Guid.NewGuid()}/tokens"),
            new StringContent("[1]", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal("the request body: expected a JSON object.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_names_the_parameter()
    {
        var (tenant, key) = await Server.NewTenantAsync();
        using var client = Server.WithKey(key);
        using var response = await client.GetAsync(Api.TenantRoute(tenant, "/audit?limit=many"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal("limit: \"many\" is not an integer.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Json_route_with_another_content_type_is_a_415_problem()
    {
        using var client = Server.AsPlatformAdmin();
        using var response = await client.PostAsync(Api.Tenants, new StringContent("slug=x", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
    }
}

public sealed class HealthAndProblemTestsOnSqlite(SqliteServer fixture) : HealthAndProblemTests(fixture), IClassFixture<SqliteServer>;

public sealed class HealthAndProblemTestsOnPostgres(PostgresServer fixture) : HealthAndProblemTests(fixture), IClassFixture<PostgresServer>;
