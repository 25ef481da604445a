using Microsoft.Extensions.Logging;
using Npgsql;

namespace Selegic.Extensions.Platform.ChangeFeed;

/// <summary>
/// The cluster feed: one long-lived connection per node LISTENs on <see cref="ChangeNoticeCodec.Channel"/>.
/// When that connection breaks, notices sent meanwhile are lost, so after reconnecting (LISTEN first,
/// then reload, so nothing falls in between) every listener resyncs from the store.
/// </summary>
/// <param name="connectionString">the store's Npgsql connection string (a data source's own copy may lack the password)</param>
public sealed class PostgresChangeFeed(string connectionString, ILogger<PostgresChangeFeed> logger) : IChangeFeed
{
    /// <summary>The application_name of the listening connection (lets operators and tests find it in pg_stat_activity).</summary>
    public const string ApplicationName = "scrm-change-feed";

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ChangeListeners _listeners = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public long ResyncCount => _listeners.ResyncCount;

    public void Subscribe(IChangeListener listener) => _listeners.Add(listener);

    public void PublishLocal(ChangeNotice notice) => _listeners.Dispatch(notice);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await ListenAsync(cancellationToken);
        await _listeners.ResyncAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(connection, _stopping.Token), CancellationToken.None);
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = ApplicationName,
            KeepAlive = (int)KeepAlive.TotalSeconds,
            Pooling = false,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            connection.Notification += (_, e) => OnNotification(e.Payload);
            await using var listen = new NpgsqlCommand($"LISTEN {ChangeNoticeCodec.Channel}", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void OnNotification(string payload)
    {
        if (ChangeNoticeCodec.TryDecode(payload) is { } notice)
        {
            _listeners.Dispatch(notice);
            return;
        }
        logger.LogWarning("Unreadable change notice; resyncing this node from the store.");
        _ = Task.Run(() => _listeners.ResyncAsync(_stopping.Token));
    }

    private async Task RunAsync(NpgsqlConnection connection, CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await connection.WaitAsync(stopping); // returns after each notification batch
                backoff = TimeSpan.FromMilliseconds(100);
                continue;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever broke (connection, server, a listener), this loop must live on: missed notices are recovered by the resync.
                logger.LogWarning("The change feed connection broke ({Message}); reconnecting and resyncing.", e.Message);
            }
            await connection.DisposeAsync();
            connection = await ReconnectAsync(backoff, stopping);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            if (stopping.IsCancellationRequested)
                break;
        }
        await connection.DisposeAsync();
    }

    /// <summary>Retries until listening again, then resyncs; returns the new connection.</summary>
    private async Task<NpgsqlConnection> ReconnectAsync(TimeSpan backoff, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                var connection = await ListenAsync(stopping);
                try
                {
                    await _listeners.ResyncAsync(stopping);
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
                return connection;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return new NpgsqlConnection();
            }
            catch (Exception e)
            {
                logger.LogWarning("Change feed reconnect failed ({Message}); retrying in {Delay} ms.", e.Message, backoff.TotalMilliseconds);
                try { await Task.Delay(backoff, stopping); } catch (OperationCanceledException) { return new NpgsqlConnection(); }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
            await _loop;
        _stopping.Dispose();
    }
}
