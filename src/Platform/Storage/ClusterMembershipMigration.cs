namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// Schema migration 5 (PostgreSQL only): the tables Orleans' ADO.NET clustering provider keeps the
/// cluster's membership in, and the <c>OrleansQuery</c> rows holding the SQL it runs (the provider
/// ships no SQL; it reads these rows by key at start and fails unless every key it needs exists).
/// Parameters are bound by name; <c>DeploymentId</c> is the cluster id. Every change to the member
/// rows bumps the cluster's version row, and only if it still holds the version the silo read
/// (optimistic concurrency); each such query answers one boolean: applied or not.
/// </summary>
internal static class ClusterMembershipMigration
{
    public static readonly Migration Postgres = new(5, "cluster_membership", """
        CREATE TABLE OrleansQuery (
            QueryKey varchar(64) PRIMARY KEY,
            QueryText text NOT NULL
        );
        CREATE TABLE OrleansMembershipVersionTable (
            DeploymentId varchar(150) PRIMARY KEY,
            Timestamp timestamptz NOT NULL DEFAULT now(),
            Version integer NOT NULL DEFAULT 0
        );
        CREATE TABLE OrleansMembershipTable (
            DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
            Address varchar(45) NOT NULL,
            Port integer NOT NULL,
            Generation integer NOT NULL,
            SiloName text NOT NULL,
            HostName text NOT NULL,
            Status integer NOT NULL,
            ProxyPort integer NULL,
            SuspectTimes text NULL,
            StartTime timestamptz NOT NULL,
            IAmAliveTime timestamptz NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation)
        );

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('InsertMembershipVersionKey', '
            WITH inserted AS (
                INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
                ON CONFLICT (DeploymentId) DO NOTHING
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM inserted)'),
        ('InsertMembershipKey', '
            WITH bumped AS (
                UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
                WHERE DeploymentId = @DeploymentId AND Version = @Version
                  AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable
                                  WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
                RETURNING 1),
            inserted AS (
                INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
                WHERE EXISTS (SELECT 1 FROM bumped)
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM inserted)'),
        ('UpdateMembershipKey', '
            WITH bumped AS (
                UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
                WHERE DeploymentId = @DeploymentId AND Version = @Version
                  AND EXISTS (SELECT 1 FROM OrleansMembershipTable
                              WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
                RETURNING 1),
            updated AS (
                UPDATE OrleansMembershipTable SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
                WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
                  AND EXISTS (SELECT 1 FROM bumped)
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM updated)'),
        ('UpdateIAmAlivetimeKey', '
            UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
            WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation'),
        ('MembershipReadRowKey', '
            SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
                 AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
            WHERE v.DeploymentId = @DeploymentId'),
        ('MembershipReadAllKey', '
            SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
            WHERE v.DeploymentId = @DeploymentId'),
        ('GatewaysQueryKey', '
            SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0'),
        ('DeleteMembershipTableEntriesKey', '
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId'),
        ('CleanupDefunctSiloEntriesKey', '
            DELETE FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3');
        """);
}
