using System.Data.Common;
using Selegic.Extensions.Platform.ChangeFeed;

namespace Selegic.Extensions.Platform.Storage;

public sealed partial class PostgresMetadataStore
{
    /// <summary>NOTIFY in the writing transaction: delivered to every listening node if and only if the write commits.</summary>
    private protected override Task AnnounceAsync(DbConnection connection, DbTransaction transaction, ChangeNotice notice,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "SELECT pg_notify(@channel, @payload)", cancellationToken,
            ("channel", ChangeNoticeCodec.Channel), ("payload", ChangeNoticeCodec.Encode(notice)));
}
