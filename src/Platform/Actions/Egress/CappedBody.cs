namespace Selegic.Extensions.Platform.Actions.Egress;

/// <summary>Reads a remote party's response body, refusing it as soon as it passes a size cap.</summary>
public static class CappedBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, Func<ActionException> tooLarge, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
            throw tooLarge();
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw tooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
