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
    public async Task Json_route_with_another_content_type_is_a_415_problem()
    {
        using var client = Server.AsPlatformAdmin();
        using var response = await client.PostAsync(Api.Tenants, new StringContent("slug=x", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
    }
}

public sealed class HealthAndProblemTestsOnSqlite(SqliteServer fixture) : HealthAndProblemTests(fixture), IClassFixture<SqliteServer>;

public sealed class HealthAndProblemTestsOnPostgres(PostgresServer fixture) : HealthAndProblemTests(fixture), IClassFixture<PostgresServer>;
