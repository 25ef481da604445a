using System.Data.Common;
using Npgsql;

namespace Selegic.Extensions.Platform.Storage;

/// <summary>
/// The cluster backend over an <see cref="NpgsqlDataSource"/> shared by every node. Uniqueness is
/// enforced by PostgreSQL constraints, so concurrent writers on different nodes are safe.
/// </summary>
public sealed partial class PostgresMetadataStore : SqlMetadataStore
{
    /// <summary>Key of the transaction-scoped advisory lock that serializes migrations across nodes.</summary>
    private const long MigrationLockKey = 0x5343524d_4d494752; // "SCRMMIGR"
    private const string UniqueViolation = "23505";
    private const string ForeignKeyViolation = "23503";

    private readonly bool _ownsDataSource;

    public PostgresMetadataStore(string connectionString)
        : this(NpgsqlDataSource.Create(connectionString), ownsDataSource: true)
    {
    }

    public PostgresMetadataStore(NpgsqlDataSource dataSource, bool ownsDataSource = false)
    {
        DataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    private NpgsqlDataSource DataSource { get; }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Nodes starting together queue here; the lock is released at commit or rollback.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey));
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)",
            cancellationToken);
        await MigrationRunner.ApplyPendingAsync(this, connection, transaction, PostgresMigrations.All, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
            await DataSource.DisposeAsync();
    }

    protected internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken);

    protected override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    protected override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: UniqueViolation };
    protected override bool IsForeignKeyViolation(DbException exception) => exception is PostgresException { SqlState: ForeignKeyViolation };

    protected override object ToDbGuid(Guid value) => value;
    protected override object ToDbTime(DateTimeOffset utcValue) => utcValue;
    protected internal override Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    protected internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc), TimeSpan.Zero);
}
