using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Blobs as files under a root directory. A put writes a temporary file under "{root}/.tmp",
/// flushes it to disk and moves it into place without replacing a file there (on Linux a hard link,
/// which fails when the name exists), so readers see a whole blob or none and a blob is never overwritten.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string TempDirectoryName = ".tmp"; // keys cannot start a segment with '.', so no key lands here
    private readonly string _root;
    private readonly string _tempDirectory;

    public FileSystemBlobStore(FileSystemBlobStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootPath, nameof(options.RootPath));
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RootPath));
        _tempDirectory = Path.Combine(_root, TempDirectoryName);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, (file, ct) => file.WriteAsync(content, ct), cancellationToken);

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, (file, ct) => CopyAsync(content, file, ct), cancellationToken);

    /// <summary>Copies the caller's stream; its failures (e.g. a dropped upload) surface unchanged, not as a store failure.</summary>
    private static async ValueTask CopyAsync(Stream source, FileStream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new SourceStreamException(e);
                }
                if (read == 0)
                    return;
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (Directory.Exists(path))
            return null; // a key prefix of other keys, not a blob
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (Directory.Exists(path))
            return Task.FromResult<Stream?>(null);
        try
        {
            // FileShare.Delete: a concurrent delete or replacing rename does not fail this reader.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_tempDirectory);
            var probe = Path.Combine(_tempDirectory, "ping-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(e);
        }
    }

    private async Task WriteAtomicallyAsync(string key, Func<FileStream, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var temp = Path.Combine(_tempDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(_tempDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            TryDelete(temp);
            throw new AlreadyExistsException(PlatformErrorCodes.BlobExists, $"Blob '{key}' already exists; blobs are never overwritten.");
        }
        catch (SourceStreamException e)
        {
            TryDelete(temp);
            ExceptionDispatchInfo.Throw(e.InnerException!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw Unavailable(e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The file for a key; the key rules already keep it under the root, and this checks again.</summary>
    private string PathOf(string key)
    {
        BlobKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new PlatformException(PlatformErrorCodes.InvalidBlobKey, $"Blob key '{key}' resolves outside the blob root.");
        return path;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class SourceStreamException(Exception inner) : Exception(inner.Message, inner);

    private PlatformException Unavailable(Exception e) =>
        new(PlatformErrorCodes.BlobStoreUnavailable, $"The blob store at '{_root}' cannot be written: {e.Message}", e);
}
