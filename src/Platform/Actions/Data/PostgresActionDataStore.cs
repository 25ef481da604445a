using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Actions.Data;

/// <summary>
/// The Action API's tables in the cluster's PostgreSQL. Quota checks hold the installation's usage
/// row lock (taken by the upsert) until commit, so puts on different nodes cannot overshoot.
/// </summary>
public sealed class PostgresActionDataStore(PostgresMetadataStore store) : SqlActionDataStore(store)
{
    /// <summary>
    /// Migration 4: who wrote a log line (<see cref="InstallationLogSources"/>); lines from before it were
    /// all written by log.emit. Mirrors <see cref="SqliteActionDataStore.LogSourceMigration"/>.
    /// </summary>
    internal static readonly Migration LogSourceMigration = new(4, "installation_log_source",
        "ALTER TABLE installation_logs ADD COLUMN source text NOT NULL DEFAULT 'action';");

    /// <summary>Migration 3 for PostgreSQL; keys use the "C" collation so paging order is ordinal, as in SQLite.</summary>
    internal static readonly Migration Migration = new(3, "actions", """
        CREATE TABLE action_storage (
            tenant_id uuid NOT NULL REFERENCES tenants (id),
            installation_id uuid NOT NULL,
            key text COLLATE "C" NOT NULL,
            value_json text NOT NULL,
            size bigint NOT NULL CHECK (size >= 0),
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, installation_id, key)
        );
        CREATE TABLE action_storage_usage (
            tenant_id uuid NOT NULL REFERENCES tenants (id),
            installation_id uuid NOT NULL,
            key_count bigint NOT NULL CHECK (key_count >= 0),
            total_bytes bigint NOT NULL CHECK (total_bytes >= 0),
            PRIMARY KEY (tenant_id, installation_id)
        );
        CREATE TABLE installation_logs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants (id),
            installation_id uuid NOT NULL,
            level text NOT NULL,
            message text NOT NULL,
            fields_json text NULL,
            user_ref text NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX installation_logs_installation ON installation_logs (tenant_id, installation_id, id DESC);
        CREATE TABLE host_actions (
            tenant_id uuid NOT NULL REFERENCES tenants (id),
            name text NOT NULL,
            description text NOT NULL,
            capability text NOT NULL,
            input_schema text NOT NULL,
            callback_url text NOT NULL,
            sealed_signing_secret text NOT NULL,
            timeout_ms integer NOT NULL CHECK (timeout_ms > 0),
            mutating boolean NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, name)
        );
        """);
}
