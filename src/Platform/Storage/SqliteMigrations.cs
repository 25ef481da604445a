namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// SQLite schema; mirrors <see cref="PostgresMigrations"/> table for table and constraint for
/// constraint. Ids are TEXT GUIDs, times TEXT ISO-8601 UTC (sortable), booleans INTEGER.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "foundation", """
            CREATE TABLE tenants (
                id TEXT PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                settings TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NULL REFERENCES tenants (id),
                role TEXT NOT NULL CHECK (role IN ('platform_admin', 'tenant_admin')),
                key_hash TEXT NOT NULL UNIQUE,
                display_prefix TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT NULL,
                CHECK ((role = 'platform_admin') = (tenant_id IS NULL))
            );
            CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
            CREATE TABLE platform_settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE extensions (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants (id),
                slug TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT NULL,
                publisher TEXT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (tenant_id, slug),
                UNIQUE (id, tenant_id)
            );
            CREATE TABLE extension_versions (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                extension_id TEXT NOT NULL,
                version TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                size INTEGER NOT NULL CHECK (size >= 0),
                manifest_json TEXT NOT NULL,
                signature_key_id TEXT NULL,
                signature TEXT NULL,
                published_by TEXT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (extension_id, version),
                FOREIGN KEY (extension_id, tenant_id) REFERENCES extensions (id, tenant_id),
                CHECK ((signature_key_id IS NULL) = (signature IS NULL))
            );
            CREATE TABLE publisher_keys (
                tenant_id TEXT NOT NULL REFERENCES tenants (id),
                key_id TEXT NOT NULL,
                public_key_pem TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, key_id)
            );
            CREATE TABLE audit_records (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id TEXT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                succeeded INTEGER NOT NULL,
                error_code TEXT NULL,
                content_hash TEXT NULL,
                detail_json TEXT NULL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX audit_records_tenant ON audit_records (tenant_id, id DESC);
            """),
        InstallationMigrations.Sqlite,
        Actions.Data.SqliteActionDataStore.Migration,
        Actions.Data.SqliteActionDataStore.LogSourceMigration,
        InstallationMigrations.PurgeSqlite,
    ];
}
