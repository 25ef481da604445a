namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// Schema migration 2 (issue 3): installations and token revocations. "One active installation per
/// tenant and extension" is a partial unique index over rows not uninstalled; uninstalled rows stay
/// for history (and so data keyed by installation id never points at nothing).
/// </summary>
internal static class InstallationMigrations
{
    public static readonly Migration Sqlite = new(2, "installations", """
        CREATE TABLE installations (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants (id),
            extension_id TEXT NOT NULL,
            extension_slug TEXT NOT NULL,
            version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            grants_json TEXT NOT NULL,
            config_json TEXT NOT NULL,
            secrets_json TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            epoch INTEGER NOT NULL CHECK (epoch >= 0),
            revision INTEGER NOT NULL CHECK (revision >= 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            uninstalled_at TEXT NULL,
            FOREIGN KEY (extension_id, tenant_id) REFERENCES extensions (id, tenant_id)
        );
        CREATE UNIQUE INDEX installations_one_active ON installations (tenant_id, extension_id) WHERE uninstalled_at IS NULL;
        CREATE TABLE token_revocations (
            installation_id TEXT NOT NULL,
            jti TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT NOT NULL,
            PRIMARY KEY (installation_id, jti)
        );
        CREATE INDEX token_revocations_expiry ON token_revocations (expires_at);
        """);

    public static readonly Migration Postgres = new(2, "installations", """
        CREATE TABLE installations (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants (id),
            extension_id uuid NOT NULL,
            extension_slug text NOT NULL,
            version text NOT NULL,
            content_hash text NOT NULL,
            grants_json text NOT NULL,
            config_json text NOT NULL,
            secrets_json text NOT NULL,
            enabled boolean NOT NULL,
            epoch bigint NOT NULL CHECK (epoch >= 0),
            revision bigint NOT NULL CHECK (revision >= 0),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            uninstalled_at timestamptz NULL,
            FOREIGN KEY (extension_id, tenant_id) REFERENCES extensions (id, tenant_id)
        );
        CREATE UNIQUE INDEX installations_one_active ON installations (tenant_id, extension_id) WHERE uninstalled_at IS NULL;
        CREATE TABLE token_revocations (
            installation_id uuid NOT NULL,
            jti text NOT NULL,
            tenant_id uuid NOT NULL,
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz NOT NULL,
            PRIMARY KEY (installation_id, jti)
        );
        CREATE INDEX token_revocations_expiry ON token_revocations (expires_at);
        """);

    /// <summary>
    /// Migration 6: when an uninstalled installation's storage and logs were purged (after the
    /// retention, by the periodic maintenance); the row itself stays for history.
    /// </summary>
    public static readonly Migration PurgeSqlite = new(6, "installation_purge", """
        ALTER TABLE installations ADD COLUMN purged_at TEXT NULL;
        CREATE INDEX installations_uninstalled ON installations (uninstalled_at) WHERE uninstalled_at IS NOT NULL AND purged_at IS NULL;
        """);

    public static readonly Migration PurgePostgres = new(6, "installation_purge", """
        ALTER TABLE installations ADD COLUMN purged_at timestamptz NULL;
        CREATE INDEX installations_uninstalled ON installations (uninstalled_at) WHERE uninstalled_at IS NOT NULL AND purged_at IS NULL;
        """);
}
