namespace Selegic.Extensions.Platform.Storage;

/// <summary>PostgreSQL schema; mirrors <see cref="SqliteMigrations"/>. Append new versions, never edit applied ones.</summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "foundation", """
            CREATE TABLE tenants (
                id uuid PRIMARY KEY,
                slug text NOT NULL UNIQUE,
                settings text NOT NULL,
                created_at timestamptz NOT NULL
            );
            CREATE TABLE api_keys (
                id uuid PRIMARY KEY,
                tenant_id uuid NULL REFERENCES tenants (id),
                role text NOT NULL CHECK (role IN ('platform_admin', 'tenant_admin')),
                key_hash text NOT NULL UNIQUE,
                display_prefix text NOT NULL,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz NULL,
                CHECK ((role = 'platform_admin') = (tenant_id IS NULL))
            );
            CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
            CREATE TABLE platform_settings (
                key text PRIMARY KEY,
                value text NOT NULL
            );
            CREATE TABLE extensions (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id),
                slug text NOT NULL,
                name text NOT NULL,
                description text NULL,
                publisher text NULL,
                created_at timestamptz NOT NULL,
                UNIQUE (tenant_id, slug),
                UNIQUE (id, tenant_id)
            );
            CREATE TABLE extension_versions (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL,
                extension_id uuid NOT NULL,
                version text NOT NULL,
                content_hash text NOT NULL,
                size bigint NOT NULL CHECK (size >= 0),
                manifest_json text NOT NULL,
                signature_key_id text NULL,
                signature text NULL,
                published_by text NULL,
                created_at timestamptz NOT NULL,
                UNIQUE (extension_id, version),
                FOREIGN KEY (extension_id, tenant_id) REFERENCES extensions (id, tenant_id),
                CHECK ((signature_key_id IS NULL) = (signature IS NULL))
            );
            CREATE TABLE publisher_keys (
                tenant_id uuid NOT NULL REFERENCES tenants (id),
                key_id text NOT NULL,
                public_key_pem text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, key_id)
            );
            CREATE TABLE audit_records (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id uuid NULL,
                actor text NOT NULL,
                action text NOT NULL,
                target text NOT NULL,
                succeeded boolean NOT NULL,
                error_code text NULL,
                content_hash text NULL,
                detail_json text NULL,
                created_at timestamptz NOT NULL
            );
            CREATE INDEX audit_records_tenant ON audit_records (tenant_id, id DESC);
            """),
        InstallationMigrations.Postgres,
        Actions.Data.PostgresActionDataStore.Migration,
        Actions.Data.PostgresActionDataStore.LogSourceMigration,
        ClusterMembershipMigration.Postgres,
        InstallationMigrations.PurgePostgres,
        ClusterRemindersMigration.Postgres,
    ];
}
