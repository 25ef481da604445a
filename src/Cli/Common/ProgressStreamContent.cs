using System.Net;

namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// Request content that streams a byte buffer in chunks and reports the running total after each
/// chunk is handed to the transport, so an upload can show bytes sent and a percentage.
/// </summary>
public sealed class ProgressStreamContent(ReadOnlyMemory<byte> bytes, Action<long, long> onProgress, int chunkSize = 64 * 1024)
    : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        long sent = 0;
        onProgress(0, bytes.Length);
        while (sent < bytes.Length)
        {
            var chunk = bytes.Slice((int)sent, (int)Math.Min(chunkSize, bytes.Length - sent));
            await stream.WriteAsync(chunk, cancellationToken);
            sent += chunk.Length;
            onProgress(sent, bytes.Length);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
