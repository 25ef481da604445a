using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode (readers never block the writer). Writes are
/// serialized in-process by a gate, and across processes by SQLite's own lock with a busy timeout,
/// so concurrent writers wait instead of failing with SQLITE_BUSY.
/// </summary>
public sealed partial class SqliteMetadataStore : SqlMetadataStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const int BusyTimeoutSeconds = 30;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintForeignKey = 787;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteMetadataStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        DatabasePath = fullPath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
    }

    public string DatabasePath { get; }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        using var gate = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // WAL is a property of the file: set once, it stays for every later connection.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
        // BEGIN IMMEDIATE takes the write lock up front: a second process migrating the same file waits here.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken);
        await MigrationRunner.ApplyPendingAsync(this, connection, transaction, SqliteMigrations.All, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    protected internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Another process may hold the write lock: wait for it rather than fail with SQLITE_BUSY.
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        return new GateRelease(_writeGate);
    }

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    protected override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintForeignKey };

    protected override object ToDbGuid(Guid value) => value.ToString("D");
    protected override object ToDbTime(DateTimeOffset utcValue) => utcValue.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
    protected internal override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    protected internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
