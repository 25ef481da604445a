using Npgsql;

namespace Selegic.Extensions.Frontend.Tests.MultiNode;

/// <summary>A fresh database on the EXTENSIONS_TEST_POSTGRES server, dropped on dispose (missing variable: the test fails).</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "EXTENSIONS_TEST_POSTGRES";
    private readonly string _admin;

    private PostgresDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(string prefix)
    {
        var admin = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException($"{EnvironmentVariable} is not set; run scripts/postgres.sh start and export its output.");
        var database = new PostgresDatabase(admin, prefix + "_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteAdminAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
