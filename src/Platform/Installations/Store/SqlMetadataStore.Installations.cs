using System.Data.Common;
using System.Text.Json;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Storage;

/// <summary>The installation and revocation SQL shared by both backends (schema: <see cref="InstallationMigrations"/>).</summary>
public abstract partial class SqlMetadataStore : IInstallationStore
{
    private const string InstallationColumns =
        "id, tenant_id, extension_id, extension_slug, version, content_hash, grants_json, config_json, secrets_json, " +
        "enabled, epoch, revision, created_at, updated_at, uninstalled_at";

    public Task InsertInstallationAsync(InstallationRecord installation, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            try
            {
                await ExecuteAsync(connection, transaction,
                    $"INSERT INTO installations ({InstallationColumns}) VALUES (@id, @tenant_id, @extension_id, @extension_slug, @version, " +
                    "@content_hash, @grants_json, @config_json, @secrets_json, @enabled, @epoch, @revision, @created_at, @updated_at, @uninstalled_at)",
                    cancellationToken, InstallationParameters(installation));
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                throw new AlreadyExistsException(ErrorCodes.InstallationExists,
                    $"Extension '{installation.ExtensionSlug}' is already installed in this tenant; change that installation's version or uninstall it first.", e);
            }
            catch (DbException e) when (IsForeignKeyViolation(e))
            {
                throw new NotFoundException(ErrorCodes.NotFound, "The installation's tenant or extension does not exist.");
            }
        }, cancellationToken);

    public Task<InstallationRecord?> GetInstallationAsync(Guid tenantId, Guid installationId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {InstallationColumns} FROM installations WHERE tenant_id = @tenant_id AND id = @id AND uninstalled_at IS NULL",
            ReadInstallation, cancellationToken, ("tenant_id", tenantId), ("id", installationId));

    public Task<InstallationRecord?> GetActiveInstallationAsync(Guid tenantId, string extensionSlug, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {InstallationColumns} FROM installations WHERE tenant_id = @tenant_id AND extension_slug = @slug AND uninstalled_at IS NULL",
            ReadInstallation, cancellationToken, ("tenant_id", tenantId), ("slug", extensionSlug));

    public Task<IReadOnlyList<InstallationRecord>> ListInstallationsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {InstallationColumns} FROM installations WHERE tenant_id = @tenant_id AND uninstalled_at IS NULL ORDER BY extension_slug",
            ReadInstallation, cancellationToken, ("tenant_id", tenantId));

    public async Task<bool> UpdateInstallationAsync(InstallationRecord updated, long expectedRevision, CancellationToken cancellationToken)
    {
        if (updated.Revision != expectedRevision + 1)
            throw new ArgumentException("An update must increase the revision by exactly one.", nameof(updated));
        var rows = 0;
        await WriteAsync(async (connection, transaction) =>
        {
            rows = await ExecuteAsync(connection, transaction,
                "UPDATE installations SET version = @version, content_hash = @content_hash, grants_json = @grants_json, config_json = @config_json, " +
                "secrets_json = @secrets_json, enabled = @enabled, epoch = @epoch, revision = @revision, updated_at = @updated_at, uninstalled_at = @uninstalled_at " +
                "WHERE id = @id AND tenant_id = @tenant_id AND revision = @expected_revision AND uninstalled_at IS NULL",
                cancellationToken, [.. InstallationParameters(updated), ("expected_revision", expectedRevision)]);
        }, cancellationToken);
        return rows == 1;
    }

    public Task RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO token_revocations (installation_id, jti, tenant_id, expires_at, revoked_at) " +
            "VALUES (@installation_id, @jti, @tenant_id, @expires_at, @revoked_at) " +
            "ON CONFLICT (installation_id, jti) DO UPDATE SET expires_at = CASE WHEN excluded.expires_at > token_revocations.expires_at " +
            "THEN excluded.expires_at ELSE token_revocations.expires_at END",
            cancellationToken, ("installation_id", revocation.InstallationId), ("jti", revocation.Jti), ("tenant_id", revocation.TenantId),
            ("expires_at", revocation.ExpiresAt), ("revoked_at", revocation.RevokedAt)), cancellationToken);

    public async Task<IReadOnlyList<TokenRevocation>> LoadLiveRevocationsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "DELETE FROM token_revocations WHERE expires_at < @now", cancellationToken, ("now", now)), cancellationToken);
        return await QueryAsync("SELECT tenant_id, installation_id, jti, expires_at, revoked_at FROM token_revocations WHERE expires_at >= @now",
            r => new TokenRevocation(ReadGuid(r, 0), ReadGuid(r, 1), r.GetString(2), ReadTime(r, 3), ReadTime(r, 4)),
            cancellationToken, ("now", now));
    }

    public async Task<int> PruneRevocationsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var rows = 0;
        await WriteAsync(async (connection, transaction) => rows = await ExecuteAsync(connection, transaction,
            "DELETE FROM token_revocations WHERE expires_at < @before", cancellationToken, ("before", before)), cancellationToken);
        return rows;
    }

    public async Task<IReadOnlyList<InstallationRecord>> PurgeUninstalledAsync(DateTimeOffset uninstalledBefore, DateTimeOffset purgedAt, int limit,
        CancellationToken cancellationToken)
    {
        var due = await QueryAsync($"SELECT {InstallationColumns} FROM installations " +
            "WHERE uninstalled_at IS NOT NULL AND uninstalled_at < @before AND purged_at IS NULL ORDER BY uninstalled_at LIMIT @limit",
            ReadInstallation, cancellationToken, ("before", uninstalledBefore), ("limit", limit));
        foreach (var installation in due)
        {
            (string, object?)[] keys = [("tenant_id", installation.TenantId), ("installation_id", installation.Id)];
            await WriteAsync(async (connection, transaction) =>
            {
                foreach (var table in new[] { "action_storage", "action_storage_usage", "installation_logs" })
                    await ExecuteAsync(connection, transaction,
                        $"DELETE FROM {table} WHERE tenant_id = @tenant_id AND installation_id = @installation_id", cancellationToken, keys);
                await ExecuteAsync(connection, transaction,
                    "UPDATE installations SET purged_at = @purged_at WHERE tenant_id = @tenant_id AND id = @installation_id AND purged_at IS NULL",
                    cancellationToken, [.. keys, ("purged_at", purgedAt)]);
            }, cancellationToken);
        }
        return due;
    }

    private static (string, object?)[] InstallationParameters(InstallationRecord i) =>
    [
        ("id", i.Id), ("tenant_id", i.TenantId), ("extension_id", i.ExtensionId), ("extension_slug", i.ExtensionSlug),
        ("version", i.Version), ("content_hash", i.ContentHash), ("grants_json", JsonSerializer.Serialize(i.Grants)),
        ("config_json", i.ConfigJson), ("secrets_json", JsonSerializer.Serialize(i.SealedSecrets)), ("enabled", i.Enabled),
        ("epoch", i.Epoch), ("revision", i.Revision), ("created_at", i.CreatedAt), ("updated_at", i.UpdatedAt),
        ("uninstalled_at", i.UninstalledAt),
    ];

    private InstallationRecord ReadInstallation(DbDataReader r) => new(
        ReadGuid(r, 0), ReadGuid(r, 1), ReadGuid(r, 2), r.GetString(3), r.GetString(4), r.GetString(5),
        JsonSerializer.Deserialize<string[]>(r.GetString(6)) ?? [],
        r.GetString(7),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(8)) ?? [],
        r.GetBoolean(9), r.GetInt64(10), r.GetInt64(11), ReadTime(r, 12), ReadTime(r, 13),
        r.IsDBNull(14) ? null : ReadTime(r, 14));
}
