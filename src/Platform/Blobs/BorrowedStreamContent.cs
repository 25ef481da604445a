using System.Net;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Request content read from a stream the caller still owns: unlike StreamContent, disposing the
/// request leaves the stream open. The length is known (and sent) when the stream can seek.
/// </summary>
internal sealed class BorrowedStreamContent(Stream source) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        source.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        source.CopyToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = source.CanSeek ? source.Length - source.Position : -1;
        return source.CanSeek;
    }
}
