using System.Data.Common;
using System.Text;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Actions.Data;

/// <summary>
/// The SQL both backends share (ADO.NET over the metadata store's connections and parameter
/// conventions, ON CONFLICT and RETURNING, and its readers of the dialect's guid and time types).
/// Subclasses hold the dialect's migrations and locking notes.
/// </summary>
public abstract class SqlActionDataStore(SqlMetadataStore store) : IActionDataStore
{
    private Guid ReadGuid(DbDataReader reader, int ordinal) => store.ReadGuid(reader, ordinal);
    private DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => store.ReadTime(reader, ordinal);

    /// <summary>Creates the dialect's store over <paramref name="metadataStore"/>'s database (migration 3 must have run).</summary>
    public static IActionDataStore For(IMetadataStore metadataStore) => metadataStore switch
    {
        SqliteMetadataStore sqlite => new SqliteActionDataStore(sqlite),
        PostgresMetadataStore postgres => new PostgresActionDataStore(postgres),
        _ => throw new ArgumentException($"No action data store for {metadataStore.GetType().Name}.", nameof(metadataStore)),
    };

    // ---- storage -------------------------------------------------------------------------

    public async Task<StoredValue?> GetValueAsync(Guid tenantId, Guid installationId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = store.Command(connection, null,
            "SELECT key, value_json, size, updated_at FROM action_storage WHERE tenant_id = @tenant_id AND installation_id = @installation_id AND key = @key",
            ("tenant_id", tenantId), ("installation_id", installationId), ("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredValue(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), ReadTime(reader, 3))
            : null;
    }

    public async Task<StorageUsage> PutValueAsync(Guid tenantId, Guid installationId, string key, string valueJson, StorageQuota quota,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var size = (long)Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(valueJson);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The usage row is the per-installation lock: the upsert locks it (PostgreSQL row lock,
        // SQLite's write lock) until commit, so concurrent puts see each other's totals.
        long keyCount, totalBytes;
        await using (var usage = store.Command(connection, transaction,
            "INSERT INTO action_storage_usage (tenant_id, installation_id, key_count, total_bytes) VALUES (@tenant_id, @installation_id, 0, 0) " +
            "ON CONFLICT (tenant_id, installation_id) DO UPDATE SET key_count = action_storage_usage.key_count RETURNING key_count, total_bytes",
            ("tenant_id", tenantId), ("installation_id", installationId)))
        await using (var reader = await usage.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            keyCount = reader.GetInt64(0);
            totalBytes = reader.GetInt64(1);
        }

        long? existingSize = null;
        await using (var existing = store.Command(connection, transaction,
            "SELECT size FROM action_storage WHERE tenant_id = @tenant_id AND installation_id = @installation_id AND key = @key",
            ("tenant_id", tenantId), ("installation_id", installationId), ("key", key)))
        {
            if (await existing.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull)
                existingSize = Convert.ToInt64(found);
        }

        var newCount = keyCount + (existingSize is null ? 1 : 0);
        var newTotal = totalBytes - (existingSize ?? 0) + size;
        if (newCount > quota.MaxKeys)
            throw new ActionException(ActionRefusal.Conflict, ActionErrorCodes.StorageQuotaExceeded,
                $"The installation already holds {keyCount} keys, the most it may ({quota.MaxKeys}); delete keys first.", "/key");
        if (newTotal > quota.MaxTotalBytes)
            throw new ActionException(ActionRefusal.Conflict, ActionErrorCodes.StorageQuotaExceeded,
                $"Storing this value would bring the installation to {newTotal} bytes, over its quota of {quota.MaxTotalBytes}.", "/value");

        await store.ExecuteAsync(connection, transaction,
            "INSERT INTO action_storage (tenant_id, installation_id, key, value_json, size, updated_at) " +
            "VALUES (@tenant_id, @installation_id, @key, @value_json, @size, @updated_at) " +
            "ON CONFLICT (tenant_id, installation_id, key) DO UPDATE SET value_json = excluded.value_json, size = excluded.size, updated_at = excluded.updated_at",
            cancellationToken, ("tenant_id", tenantId), ("installation_id", installationId), ("key", key), ("value_json", valueJson),
            ("size", size), ("updated_at", now));
        await store.ExecuteAsync(connection, transaction,
            "UPDATE action_storage_usage SET key_count = @key_count, total_bytes = @total_bytes WHERE tenant_id = @tenant_id AND installation_id = @installation_id",
            cancellationToken, ("key_count", newCount), ("total_bytes", newTotal), ("tenant_id", tenantId), ("installation_id", installationId));
        await transaction.CommitAsync(cancellationToken);
        return new StorageUsage(newCount, newTotal);
    }

    public async Task<bool> DeleteValueAsync(Guid tenantId, Guid installationId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        object? deletedSize;
        await using (var delete = store.Command(connection, transaction,
            "DELETE FROM action_storage WHERE tenant_id = @tenant_id AND installation_id = @installation_id AND key = @key RETURNING size",
            ("tenant_id", tenantId), ("installation_id", installationId), ("key", key)))
        {
            deletedSize = await delete.ExecuteScalarAsync(cancellationToken);
        }
        if (deletedSize is null or DBNull)
            return false;
        await store.ExecuteAsync(connection, transaction,
            "UPDATE action_storage_usage SET key_count = key_count - 1, total_bytes = total_bytes - @size WHERE tenant_id = @tenant_id AND installation_id = @installation_id",
            cancellationToken, ("size", Convert.ToInt64(deletedSize)), ("tenant_id", tenantId), ("installation_id", installationId));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<StorageKeyPage> ListKeysAsync(Guid tenantId, Guid installationId, string prefix, string? afterKey, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var prefixClause = prefix.Length == 0 ? "" : " AND substr(key, 1, @prefix_length) = @prefix";
        var afterClause = afterKey is null ? "" : " AND key > @after_key";
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = store.Command(connection, null,
            $"SELECT key FROM action_storage WHERE tenant_id = @tenant_id AND installation_id = @installation_id{prefixClause}{afterClause} ORDER BY key LIMIT @limit",
            ("tenant_id", tenantId), ("installation_id", installationId), ("prefix_length", prefix.Length), ("prefix", prefix),
            ("after_key", afterKey), ("limit", limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetString(0));
        if (keys.Count <= limit)
            return new StorageKeyPage(keys, null);
        keys.RemoveAt(limit);
        return new StorageKeyPage(keys, keys[^1]);
    }

    // ---- logs ----------------------------------------------------------------------------

    /// <summary>Rows per INSERT statement of a batch (9 parameters each, far below both backends' limits).</summary>
    private const int LogRowsPerInsert = 100;

    public Task AppendLogAsync(InstallationLogEntry entry, int keepLast, CancellationToken cancellationToken) =>
        AppendLogsAsync([entry], keepLast, cancellationToken);

    public async Task AppendLogsAsync(IReadOnlyList<InstallationLogEntry> entries, int keepLast, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);
        if (entries.Count == 0)
            return;
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in entries.Chunk(LogRowsPerInsert))
        {
            var rows = new StringBuilder();
            var parameters = new List<(string, object?)>(chunk.Length * 9);
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                rows.Append(i == 0 ? "" : ", ").Append($"(@t{i}, @i{i}, @l{i}, @m{i}, @f{i}, @u{i}, @c{i}, @s{i})");
                parameters.AddRange([($"t{i}", e.TenantId), ($"i{i}", e.InstallationId), ($"l{i}", e.Level), ($"m{i}", e.Message),
                    ($"f{i}", e.FieldsJson), ($"u{i}", e.User), ($"c{i}", e.CreatedAt), ($"s{i}", e.Source)]);
            }
            await store.ExecuteAsync(connection, transaction,
                "INSERT INTO installation_logs (tenant_id, installation_id, level, message, fields_json, user_ref, created_at, source) VALUES " + rows,
                cancellationToken, [.. parameters]);
        }
        // Bounded: keep the newest keepLast entries of each installation written to.
        foreach (var (tenantId, installationId) in entries.Select(e => (e.TenantId, e.InstallationId)).Distinct())
        {
            await store.ExecuteAsync(connection, transaction,
                "DELETE FROM installation_logs WHERE tenant_id = @tenant_id AND installation_id = @installation_id AND id <= " +
                "(SELECT id FROM installation_logs WHERE tenant_id = @tenant_id AND installation_id = @installation_id ORDER BY id DESC LIMIT 1 OFFSET @keep)",
                cancellationToken, ("tenant_id", tenantId), ("installation_id", installationId), ("keep", keepLast));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<InstallationLogPage> ListLogsAsync(Guid tenantId, Guid installationId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var before = beforeId is null ? "" : " AND id < @before_id";
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = store.Command(connection, null,
            "SELECT id, tenant_id, installation_id, level, message, fields_json, user_ref, created_at, source FROM installation_logs " +
            $"WHERE tenant_id = @tenant_id AND installation_id = @installation_id{before} ORDER BY id DESC LIMIT @limit",
            ("tenant_id", tenantId), ("installation_id", installationId), ("before_id", beforeId), ("limit", limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<InstallationLogEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new InstallationLogEntry(reader.GetInt64(0), ReadGuid(reader, 1), ReadGuid(reader, 2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                ReadTime(reader, 7), reader.GetString(8)));
        }
        if (entries.Count <= limit)
            return new InstallationLogPage(entries, null);
        entries.RemoveAt(limit);
        return new InstallationLogPage(entries, entries[^1].Id);
    }

    // ---- host actions --------------------------------------------------------------------

    private const string HostActionColumns =
        "tenant_id, name, description, capability, input_schema, callback_url, sealed_signing_secret, timeout_ms, mutating, updated_at";

    public async Task UpsertHostActionAsync(HostActionRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await store.ExecuteAsync(connection, transaction,
            $"INSERT INTO host_actions ({HostActionColumns}) VALUES (@tenant_id, @name, @description, @capability, @input_schema, @callback_url, " +
            "@sealed_signing_secret, @timeout_ms, @mutating, @updated_at) ON CONFLICT (tenant_id, name) DO UPDATE SET " +
            "description = excluded.description, capability = excluded.capability, input_schema = excluded.input_schema, " +
            "callback_url = excluded.callback_url, sealed_signing_secret = excluded.sealed_signing_secret, timeout_ms = excluded.timeout_ms, " +
            "mutating = excluded.mutating, updated_at = excluded.updated_at",
            cancellationToken, ("tenant_id", record.TenantId), ("name", record.Name), ("description", record.Description),
            ("capability", record.Capability), ("input_schema", record.InputSchemaJson), ("callback_url", record.CallbackUrl),
            ("sealed_signing_secret", record.SealedSigningSecret), ("timeout_ms", record.TimeoutMilliseconds),
            ("mutating", record.Mutating), ("updated_at", record.UpdatedAt));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<HostActionRecord?> GetHostActionAsync(Guid tenantId, string name, CancellationToken cancellationToken) =>
        (await QueryHostActionsAsync("tenant_id = @tenant_id AND name = @name", tenantId, name, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<HostActionRecord>> ListHostActionsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        QueryHostActionsAsync("tenant_id = @tenant_id", tenantId, null, cancellationToken);

    public async Task<bool> DeleteHostActionAsync(Guid tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await store.ExecuteAsync(connection, null, "DELETE FROM host_actions WHERE tenant_id = @tenant_id AND name = @name",
            cancellationToken, ("tenant_id", tenantId), ("name", name)) == 1;
    }

    private async Task<IReadOnlyList<HostActionRecord>> QueryHostActionsAsync(string where, Guid tenantId, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = store.Command(connection, null, $"SELECT {HostActionColumns} FROM host_actions WHERE {where} ORDER BY name",
            ("tenant_id", tenantId), ("name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<HostActionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new HostActionRecord(ReadGuid(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetBoolean(8), ReadTime(reader, 9)));
        }
        return records;
    }
}
