using System.Net;
using Npgsql;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Hosting;

/// <summary>/readyz turns 503 when a store becomes unreachable while /healthz stays 200. Each test breaks its own server.</summary>
public abstract class ReadinessTests<TFixture> : IAsyncLifetime where TFixture : ServerFixture, new()
{
    private readonly TFixture _fixture = new();
    protected RunningServer Server => _fixture.Server;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Readyz_is_503_naming_the_blob_store_when_its_directory_is_unusable()
    {
        // A regular file where the blob directory should be: nothing can be written there.
        if (Directory.Exists(Server.BlobDirectory))
            Directory.Delete(Server.BlobDirectory, recursive: true);
        await File.WriteAllTextAsync(Server.BlobDirectory, "not a directory");

        using var client = Server.Anonymous();
        using var ready = await client.GetAsync("/readyz");
        var problem = await ready.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, ErrorCodes.ServiceUnavailable);
        Assert.Contains("blob store", problem.GetProperty("detail").GetString());

        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

public sealed class ReadinessTestsOnSqlite : ReadinessTests<SqliteServer>;

public sealed class ReadinessTestsOnPostgres : ReadinessTests<PostgresServer>
{
    [Fact]
    public async Task Readyz_is_503_naming_the_metadata_store_when_the_database_is_gone()
    {
        var database = new NpgsqlConnectionStringBuilder(Server.Settings["Extensions:PostgresConnectionString"]).Database!;
        await using (var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable)))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        using var client = Server.Anonymous();
        using var ready = await client.GetAsync("/readyz");
        var problem = await ready.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, ErrorCodes.ServiceUnavailable);
        Assert.Contains("metadata store", problem.GetProperty("detail").GetString());
    }
}
