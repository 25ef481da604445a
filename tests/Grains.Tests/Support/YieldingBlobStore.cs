using Selegic.Extensions.Platform.Blobs;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>
/// The real filesystem blob store, yielding before each call as a networked store (GCS) does: the
/// embedded stores complete synchronously, which would hide any interleaving of a grain's calls.
/// </summary>
public sealed class YieldingBlobStore(IBlobStore real) : IBlobStore
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await real.PutAsync(key, content, cancellationToken);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await real.PutAsync(key, content, cancellationToken);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await real.GetAsync(key, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await real.OpenReadAsync(key, cancellationToken);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await real.ExistsAsync(key, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await real.DeleteAsync(key, cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        await real.PingAsync(cancellationToken);
    }
}
