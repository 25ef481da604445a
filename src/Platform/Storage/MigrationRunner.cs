using System.Data.Common;

namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// Applies the migrations missing from schema_migrations, in version order, inside the caller's
/// transaction (which already holds the backend's migration lock).
/// </summary>
internal static class MigrationRunner
{
    public static async Task ApplyPendingAsync(SqlMetadataStore store, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        await using (var command = store.Command(connection, transaction, "SELECT version FROM schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetInt32(0));
        }

        var known = migrations.Select(m => m.Version).ToHashSet();
        var unknown = applied.Where(v => !known.Contains(v)).Order().ToList();
        if (unknown.Count > 0)
            throw new PlatformException(PlatformErrorCodes.SchemaVersionUnknown,
                $"The database has schema version(s) {string.Join(", ", unknown)} that this build does not know; run a newer build.");

        foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await store.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await store.ExecuteAsync(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)", cancellationToken,
                ("version", migration.Version), ("name", migration.Name), ("applied_at", DateTimeOffset.UtcNow));
        }
    }
}
