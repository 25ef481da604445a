namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// Schema migration 7 (PostgreSQL only): the table Orleans' ADO.NET reminders provider keeps durable
/// reminders in, and the <c>OrleansQuery</c> rows with the SQL it runs (the provider ships no SQL; it
/// reads the rows by key at start and fails unless all seven exist). Parameters are bound by name;
/// <c>ServiceId</c> is the cluster's service id, <c>GrainHash</c> the grain's uniform hash (each silo
/// reads the reminders of its hash range: <c>ReadRangeRows1Key</c> for a range that does not wrap,
/// <c>ReadRangeRows2Key</c> for one that wraps around). <c>Version</c> is the row's ETag: an upsert
/// answers the new one, a delete applies only if it still matches and answers one boolean.
/// Period is in milliseconds.
/// </summary>
internal static class ClusterRemindersMigration
{
    public static readonly Migration Postgres = new(7, "cluster_reminders", """
        CREATE TABLE OrleansRemindersTable (
            ServiceId varchar(150) NOT NULL,
            GrainId varchar(150) NOT NULL,
            ReminderName varchar(150) NOT NULL,
            StartTime timestamptz NOT NULL,
            Period bigint NOT NULL,
            GrainHash integer NOT NULL,
            Version integer NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName)
        );
        CREATE INDEX OrleansRemindersTable_hash ON OrleansRemindersTable (ServiceId, GrainHash);

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('UpsertReminderRowKey', '
            INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
                SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash, Version = r.Version + 1
            RETURNING Version'),
        ('ReadReminderRowsKey', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId'),
        ('ReadReminderRowKey', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName'),
        ('ReadRangeRows1Key', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash'),
        ('ReadRangeRows2Key', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)'),
        ('DeleteReminderRowKey', '
            WITH deleted AS (
                DELETE FROM OrleansRemindersTable
                WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM deleted)'),
        ('DeleteReminderRowsKey', '
            DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId');
        """);
}
