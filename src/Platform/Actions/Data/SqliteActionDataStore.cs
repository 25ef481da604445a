using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Actions.Data;

/// <summary>
/// The Action API's tables in the embedded SQLite file. Each write runs in a BEGIN IMMEDIATE
/// transaction (Microsoft.Data.Sqlite's default), so it holds SQLite's write lock from its first
/// statement and concurrent writers wait on the busy timeout instead of racing.
/// </summary>
public sealed class SqliteActionDataStore(SqliteMetadataStore store) : SqlActionDataStore(store)
{
    /// <summary>
    /// Migration 4: who wrote a log line (<see cref="InstallationLogSources"/>); lines from before it were
    /// all written by log.emit. Mirrors <see cref="PostgresActionDataStore.LogSourceMigration"/>.
    /// </summary>
    internal static readonly Migration LogSourceMigration = new(4, "installation_log_source",
        "ALTER TABLE installation_logs ADD COLUMN source TEXT NOT NULL DEFAULT 'action';");

    /// <summary>Migration 3 for SQLite; mirrors <see cref="PostgresActionDataStore.Migration"/>.</summary>
    internal static readonly Migration Migration = new(3, "actions", """
        CREATE TABLE action_storage (
            tenant_id TEXT NOT NULL REFERENCES tenants (id),
            installation_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value_json TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size >= 0),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant_id, installation_id, key)
        );
        CREATE TABLE action_storage_usage (
            tenant_id TEXT NOT NULL REFERENCES tenants (id),
            installation_id TEXT NOT NULL,
            key_count INTEGER NOT NULL CHECK (key_count >= 0),
            total_bytes INTEGER NOT NULL CHECK (total_bytes >= 0),
            PRIMARY KEY (tenant_id, installation_id)
        );
        CREATE TABLE installation_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant_id TEXT NOT NULL REFERENCES tenants (id),
            installation_id TEXT NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL,
            fields_json TEXT NULL,
            user_ref TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX installation_logs_installation ON installation_logs (tenant_id, installation_id, id DESC);
        CREATE TABLE host_actions (
            tenant_id TEXT NOT NULL REFERENCES tenants (id),
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            capability TEXT NOT NULL,
            input_schema TEXT NOT NULL,
            callback_url TEXT NOT NULL,
            sealed_signing_secret TEXT NOT NULL,
            timeout_ms INTEGER NOT NULL CHECK (timeout_ms > 0),
            mutating INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant_id, name)
        );
        """);
}
