using System.Data.Common;
using System.Text.Json;

namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// The SQL shared by both backends (plain ADO.NET, "@name" parameters, ON CONFLICT and RETURNING,
/// which SQLite and PostgreSQL both speak). Subclasses supply connections, value conversions,
/// constraint-violation detection, write serialization and migrations.
/// </summary>
public abstract partial class SqlMetadataStore : IMetadataStore
{
    private static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web);

    public abstract Task MigrateAsync(CancellationToken cancellationToken);
    public abstract ValueTask DisposeAsync();

    protected internal abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
    /// <summary>Held around every write; SQLite serializes writers here, PostgreSQL needs nothing.</summary>
    protected abstract ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken);
    protected abstract bool IsUniqueViolation(DbException exception);
    protected abstract bool IsForeignKeyViolation(DbException exception);
    protected abstract object ToDbGuid(Guid value);
    protected abstract object ToDbTime(DateTimeOffset utcValue);
    protected internal abstract Guid ReadGuid(DbDataReader reader, int ordinal);
    protected internal abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, "SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            throw new PlatformException(PlatformErrorCodes.MetadataStoreUnavailable, $"The metadata store cannot be reached: {e.Message}", e);
        }
    }

    // ---- tenants -------------------------------------------------------------------------

    public async Task CreateTenantAsync(TenantRecord tenant, ApiKeyRecord initialAdminKey, CancellationToken cancellationToken)
    {
        if (initialAdminKey.TenantId != tenant.Id || initialAdminKey.Role != ApiKeyRole.TenantAdmin)
            throw new ArgumentException("The initial key must be a tenant admin key of the new tenant.", nameof(initialAdminKey));
        await WriteAsync(async (connection, transaction) =>
        {
            try
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO tenants (id, slug, settings, created_at) VALUES (@id, @slug, @settings, @created_at)",
                    cancellationToken, ("id", tenant.Id), ("slug", tenant.Slug),
                    ("settings", JsonSerializer.Serialize(tenant.Settings, SettingsJson)), ("created_at", tenant.CreatedAt));
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                throw new AlreadyExistsException(PlatformErrorCodes.TenantExists, $"A tenant with slug '{tenant.Slug}' already exists.", e);
            }
            await InsertApiKeyAsync(connection, transaction, initialAdminKey, cancellationToken);
        }, cancellationToken);
    }

    public Task<TenantRecord?> GetTenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        QuerySingleAsync("SELECT id, slug, settings, created_at FROM tenants WHERE id = @id", ReadTenant, cancellationToken, ("id", tenantId));

    public Task<TenantRecord?> GetTenantBySlugAsync(string slug, CancellationToken cancellationToken) =>
        QuerySingleAsync("SELECT id, slug, settings, created_at FROM tenants WHERE slug = @slug", ReadTenant, cancellationToken, ("slug", slug));

    public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, slug, settings, created_at FROM tenants ORDER BY slug", ReadTenant, cancellationToken);

    public async Task<bool> UpdateTenantSettingsAsync(Guid tenantId, TenantSettings settings, CancellationToken cancellationToken)
    {
        var rows = 0;
        await WriteAsync(async (connection, transaction) => rows = await ExecuteAsync(connection, transaction,
            "UPDATE tenants SET settings = @settings WHERE id = @id", cancellationToken,
            ("settings", JsonSerializer.Serialize(settings, SettingsJson)), ("id", tenantId)), cancellationToken);
        return rows == 1;
    }

    private TenantRecord ReadTenant(DbDataReader r) => new(
        ReadGuid(r, 0), r.GetString(1),
        JsonSerializer.Deserialize<TenantSettings>(r.GetString(2), SettingsJson) ?? TenantSettings.Default,
        ReadTime(r, 3));

    // ---- API keys ------------------------------------------------------------------------

    private const string ApiKeyColumns = "id, tenant_id, role, key_hash, display_prefix, created_at, revoked_at";

    public Task InsertApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InsertApiKeyAsync(connection, transaction, key, cancellationToken), cancellationToken);

    private async Task InsertApiKeyAsync(DbConnection connection, DbTransaction transaction, ApiKeyRecord key, CancellationToken cancellationToken)
    {
        if ((key.Role == ApiKeyRole.PlatformAdmin) != (key.TenantId is null))
            throw new ArgumentException("A platform admin key has no tenant; a tenant admin key has one.", nameof(key));
        try
        {
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO api_keys ({ApiKeyColumns}) VALUES (@id, @tenant_id, @role, @key_hash, @display_prefix, @created_at, @revoked_at)",
                cancellationToken, ("id", key.Id), ("tenant_id", key.TenantId), ("role", RoleName(key.Role)),
                ("key_hash", key.KeyHash), ("display_prefix", key.DisplayPrefix), ("created_at", key.CreatedAt), ("revoked_at", key.RevokedAt));
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            throw new AlreadyExistsException(PlatformErrorCodes.ApiKeyExists, "An API key with that hash or id already exists.", e);
        }
        catch (DbException e) when (IsForeignKeyViolation(e))
        {
            throw new NotFoundException(PlatformErrorCodes.NotFound, "The key's tenant does not exist.");
        }
    }

    public Task<ApiKeyRecord?> FindApiKeyByHashAsync(string keyHash, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE key_hash = @key_hash", ReadApiKey, cancellationToken, ("key_hash", keyHash));

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        tenantId is { } id
            ? QueryAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = @tenant_id ORDER BY created_at, id", ReadApiKey, cancellationToken, ("tenant_id", id))
            : QueryAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id IS NULL ORDER BY created_at, id", ReadApiKey, cancellationToken);

    public async Task<bool> RevokeApiKeyAsync(Guid? tenantId, Guid keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        var scope = tenantId is null ? "tenant_id IS NULL" : "tenant_id = @tenant_id";
        var rows = 0;
        await WriteAsync(async (connection, transaction) => rows = await ExecuteAsync(connection, transaction,
            $"UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @revoked_at) WHERE id = @id AND {scope}",
            cancellationToken, ("revoked_at", revokedAt), ("id", keyId), ("tenant_id", tenantId)), cancellationToken);
        return rows == 1;
    }

    private ApiKeyRecord ReadApiKey(DbDataReader r) => new(
        ReadGuid(r, 0), r.IsDBNull(1) ? null : ReadGuid(r, 1), ParseRole(r.GetString(2)), r.GetString(3), r.GetString(4),
        ReadTime(r, 5), r.IsDBNull(6) ? null : ReadTime(r, 6));

    private static string RoleName(ApiKeyRole role) => role switch
    {
        ApiKeyRole.PlatformAdmin => "platform_admin",
        ApiKeyRole.TenantAdmin => "tenant_admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static ApiKeyRole ParseRole(string name) => name switch
    {
        "platform_admin" => ApiKeyRole.PlatformAdmin,
        "tenant_admin" => ApiKeyRole.TenantAdmin,
        _ => throw new InvalidDataException($"Unknown API key role '{name}' in the store."),
    };

    // ---- platform settings ---------------------------------------------------------------

    public async Task<string?> GetPlatformSettingAsync(string key, CancellationToken cancellationToken) =>
        (await QuerySingleAsync("SELECT value FROM platform_settings WHERE key = @key", r => new StringBox(r.GetString(0)), cancellationToken, ("key", key)))?.Value;

    public Task SetPlatformSettingAsync(string key, string value, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO platform_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("key", key), ("value", value)), cancellationToken);

    public async Task<bool> TryAddPlatformSettingAsync(string key, string value, CancellationToken cancellationToken)
    {
        var rows = 0;
        await WriteAsync(async (connection, transaction) => rows = await ExecuteAsync(connection, transaction,
            "INSERT INTO platform_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
            cancellationToken, ("key", key), ("value", value)), cancellationToken);
        return rows == 1;
    }

    private sealed record StringBox(string Value);

    // ---- extensions ----------------------------------------------------------------------

    private const string ExtensionColumns = "id, tenant_id, slug, name, description, publisher, created_at";

    public async Task<ExtensionRecord> GetOrCreateExtensionAsync(ExtensionRecord candidate, CancellationToken cancellationToken)
    {
        ExtensionRecord? result = null;
        await WriteAsync(async (connection, transaction) =>
        {
            try
            {
                await ExecuteAsync(connection, transaction,
                    $"INSERT INTO extensions ({ExtensionColumns}) VALUES (@id, @tenant_id, @slug, @name, @description, @publisher, @created_at) ON CONFLICT (tenant_id, slug) DO NOTHING",
                    cancellationToken, ("id", candidate.Id), ("tenant_id", candidate.TenantId), ("slug", candidate.Slug), ("name", candidate.Name),
                    ("description", candidate.Description), ("publisher", candidate.Publisher), ("created_at", candidate.CreatedAt));
            }
            catch (DbException e) when (IsForeignKeyViolation(e))
            {
                throw new NotFoundException(PlatformErrorCodes.NotFound, "The extension's tenant does not exist.");
            }
            result = await QuerySingleAsync(connection, transaction,
                $"SELECT {ExtensionColumns} FROM extensions WHERE tenant_id = @tenant_id AND slug = @slug", ReadExtension,
                cancellationToken, ("tenant_id", candidate.TenantId), ("slug", candidate.Slug));
        }, cancellationToken);
        return result ?? throw new InvalidOperationException("The extension row vanished right after it was written.");
    }

    public Task<ExtensionRecord?> GetExtensionAsync(Guid tenantId, string slug, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {ExtensionColumns} FROM extensions WHERE tenant_id = @tenant_id AND slug = @slug", ReadExtension,
            cancellationToken, ("tenant_id", tenantId), ("slug", slug));

    public Task<IReadOnlyList<ExtensionRecord>> ListExtensionsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {ExtensionColumns} FROM extensions WHERE tenant_id = @tenant_id ORDER BY slug", ReadExtension,
            cancellationToken, ("tenant_id", tenantId));

    private ExtensionRecord ReadExtension(DbDataReader r) => new(
        ReadGuid(r, 0), ReadGuid(r, 1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), ReadTime(r, 6));

    // ---- versions ------------------------------------------------------------------------

    private const string VersionColumns =
        "v.id, v.tenant_id, v.extension_id, v.version, v.content_hash, v.size, v.manifest_json, v.signature_key_id, v.signature, v.published_by, v.created_at";

    public Task InsertVersionAsync(ExtensionVersionRecord version, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            try
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO extension_versions (id, tenant_id, extension_id, version, content_hash, size, manifest_json, signature_key_id, signature, published_by, created_at) " +
                    "VALUES (@id, @tenant_id, @extension_id, @version, @content_hash, @size, @manifest_json, @signature_key_id, @signature, @published_by, @created_at)",
                    cancellationToken, ("id", version.Id), ("tenant_id", version.TenantId), ("extension_id", version.ExtensionId),
                    ("version", version.Version), ("content_hash", version.ContentHash), ("size", version.Size), ("manifest_json", version.ManifestJson),
                    ("signature_key_id", version.Signature?.KeyId), ("signature", version.Signature?.Value),
                    ("published_by", version.PublishedBy), ("created_at", version.CreatedAt));
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                throw new AlreadyExistsException(PlatformErrorCodes.VersionExists, $"Version {version.Version} of this extension already exists; versions are immutable.", e);
            }
            catch (DbException e) when (IsForeignKeyViolation(e))
            {
                throw new NotFoundException(PlatformErrorCodes.NotFound, "The extension does not exist for this tenant.");
            }
        }, cancellationToken);

    public Task<ExtensionVersionRecord?> GetVersionAsync(Guid tenantId, string extensionSlug, string version, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"SELECT {VersionColumns} FROM extension_versions v JOIN extensions e ON e.id = v.extension_id AND e.tenant_id = v.tenant_id " +
            "WHERE v.tenant_id = @tenant_id AND e.slug = @slug AND v.version = @version",
            ReadVersion, cancellationToken, ("tenant_id", tenantId), ("slug", extensionSlug), ("version", version));

    public Task<IReadOnlyList<ExtensionVersionRecord>> ListVersionsAsync(Guid tenantId, string extensionSlug, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {VersionColumns} FROM extension_versions v JOIN extensions e ON e.id = v.extension_id AND e.tenant_id = v.tenant_id " +
            "WHERE v.tenant_id = @tenant_id AND e.slug = @slug ORDER BY v.created_at, v.version",
            ReadVersion, cancellationToken, ("tenant_id", tenantId), ("slug", extensionSlug));

    public Task<IReadOnlyList<ExtensionVersionRecord>> ListTenantVersionsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {VersionColumns} FROM extension_versions v WHERE v.tenant_id = @tenant_id ORDER BY v.created_at, v.version",
            ReadVersion, cancellationToken, ("tenant_id", tenantId));

    private ExtensionVersionRecord ReadVersion(DbDataReader r) => new(
        ReadGuid(r, 0), ReadGuid(r, 1), ReadGuid(r, 2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetString(6),
        r.IsDBNull(7) ? null : new VersionSignature(r.GetString(7), r.GetString(8)),
        r.IsDBNull(9) ? null : r.GetString(9), ReadTime(r, 10));

    // ---- publisher keys ------------------------------------------------------------------

    public Task AddPublisherKeyAsync(PublisherKeyRecord key, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            try
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO publisher_keys (tenant_id, key_id, public_key_pem, created_at) VALUES (@tenant_id, @key_id, @pem, @created_at)",
                    cancellationToken, ("tenant_id", key.TenantId), ("key_id", key.KeyId), ("pem", key.PublicKeyPem), ("created_at", key.CreatedAt));
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                throw new AlreadyExistsException(PlatformErrorCodes.PublisherKeyExists, $"Publisher key '{key.KeyId}' already exists for this tenant.", e);
            }
            catch (DbException e) when (IsForeignKeyViolation(e))
            {
                throw new NotFoundException(PlatformErrorCodes.NotFound, "The key's tenant does not exist.");
            }
        }, cancellationToken);

    public Task<PublisherKeyRecord?> GetPublisherKeyAsync(Guid tenantId, string keyId, CancellationToken cancellationToken) =>
        QuerySingleAsync("SELECT tenant_id, key_id, public_key_pem, created_at FROM publisher_keys WHERE tenant_id = @tenant_id AND key_id = @key_id",
            ReadPublisherKey, cancellationToken, ("tenant_id", tenantId), ("key_id", keyId));

    public Task<IReadOnlyList<PublisherKeyRecord>> ListPublisherKeysAsync(Guid tenantId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT tenant_id, key_id, public_key_pem, created_at FROM publisher_keys WHERE tenant_id = @tenant_id ORDER BY key_id",
            ReadPublisherKey, cancellationToken, ("tenant_id", tenantId));

    public async Task<bool> DeletePublisherKeyAsync(Guid tenantId, string keyId, CancellationToken cancellationToken)
    {
        var rows = 0;
        await WriteAsync(async (connection, transaction) => rows = await ExecuteAsync(connection, transaction,
            "DELETE FROM publisher_keys WHERE tenant_id = @tenant_id AND key_id = @key_id",
            cancellationToken, ("tenant_id", tenantId), ("key_id", keyId)), cancellationToken);
        return rows == 1;
    }

    private PublisherKeyRecord ReadPublisherKey(DbDataReader r) => new(ReadGuid(r, 0), r.GetString(1), r.GetString(2), ReadTime(r, 3));

    // ---- audit ---------------------------------------------------------------------------

    private const string AuditColumns = "id, tenant_id, actor, action, target, succeeded, error_code, content_hash, detail_json, created_at";

    private const string InsertAudit =
        "INSERT INTO audit_records (tenant_id, actor, action, target, succeeded, error_code, content_hash, detail_json, created_at) " +
        "VALUES (@tenant_id, @actor, @action, @target, @succeeded, @error_code, @content_hash, @detail_json, @created_at) RETURNING id";

    public async Task<AuditRecord> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        long id = 0;
        await WriteAsync(async (connection, transaction) => id = await InsertAuditAsync(connection, transaction, record, cancellationToken), cancellationToken);
        return record with { Id = id, CreatedAt = StorageTime(record.CreatedAt) };
    }

    public Task AppendAuditBatchAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
        records.Count == 0 ? Task.CompletedTask : WriteAsync(async (connection, transaction) =>
        {
            foreach (var record in records)
                await InsertAuditAsync(connection, transaction, record, cancellationToken);
        }, cancellationToken);

    private async Task<long> InsertAuditAsync(DbConnection connection, DbTransaction transaction, AuditRecord record, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, InsertAudit, AuditParameters(record));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static (string Name, object? Value)[] AuditParameters(AuditRecord record) =>
    [
        ("tenant_id", record.TenantId), ("actor", record.Actor), ("action", record.Action), ("target", record.Target),
        ("succeeded", record.Outcome.Succeeded), ("error_code", record.Outcome.ErrorCode), ("content_hash", record.ContentHash),
        ("detail_json", record.DetailJson), ("created_at", record.CreatedAt),
    ];

    public async Task<AuditRecordPage> ListAuditAsync(Guid? tenantId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var scope = tenantId is null ? "tenant_id IS NULL" : "tenant_id = @tenant_id";
        var before = beforeId is null ? "" : " AND id < @before_id";
        var records = await QueryAsync(
            $"SELECT {AuditColumns} FROM audit_records WHERE {scope}{before} ORDER BY id DESC LIMIT @limit",
            ReadAudit, cancellationToken, ("tenant_id", tenantId), ("before_id", beforeId), ("limit", limit + 1));
        if (records.Count <= limit)
            return new AuditRecordPage(records, null);
        var page = records.Take(limit).ToList();
        return new AuditRecordPage(page, page[^1].Id);
    }

    private AuditRecord ReadAudit(DbDataReader r) => new(
        r.GetInt64(0), r.IsDBNull(1) ? null : ReadGuid(r, 1), r.GetString(2), r.GetString(3), r.GetString(4),
        new AuditOutcome(r.GetBoolean(5), r.IsDBNull(6) ? null : r.GetString(6)),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), ReadTime(r, 9));

    // ---- plumbing ------------------------------------------------------------------------

    /// <summary>UTC, truncated to microseconds (PostgreSQL's precision) so both backends round-trip the same value.</summary>
    protected internal static DateTimeOffset StorageTime(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction under the write gate; rolls back on any exception.</summary>
    protected async Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
    {
        using var gate = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    protected internal DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            if (!sql.Contains("@" + name, StringComparison.Ordinal))
                continue; // optional clauses leave some parameters unused; PostgreSQL refuses unused ones of unknown type
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = ToDbValue(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => ToDbGuid(g),
        DateTimeOffset t => ToDbTime(StorageTime(t)),
        _ => value,
    };

    protected internal async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, null, sql, read, cancellationToken, parameters);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql,
        Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var results = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            results.Add(read(reader));
        return results;
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Func<DbDataReader, T> read,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) where T : class =>
        (await QueryAsync(sql, read, cancellationToken, parameters)).SingleOrDefault();

    private async Task<T?> QuerySingleAsync<T>(DbConnection connection, DbTransaction transaction, string sql, Func<DbDataReader, T> read,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) where T : class =>
        (await QueryAsync(connection, transaction, sql, read, cancellationToken, parameters)).SingleOrDefault();
}
