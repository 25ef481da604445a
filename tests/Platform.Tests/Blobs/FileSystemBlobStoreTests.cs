using Selegic.Extensions.Platform.Blobs;

namespace Selegic.Extensions.Platform.Tests.Blobs;

public sealed class FileSystemBlobStoreTests : BlobStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "scrm-blobs-" + Guid.NewGuid().ToString("N"));

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = _root }));

    protected override int StoredBlobCount() =>
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count(f => !Path.GetRelativePath(_root, f).StartsWith(".tmp", StringComparison.Ordinal))
            : 0;

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private int TempFileCount() =>
        Directory.Exists(Path.Combine(_root, ".tmp")) ? Directory.EnumerateFiles(Path.Combine(_root, ".tmp")).Count() : 0;

    [Fact]
    public async Task Blobs_are_files_at_their_key_under_the_root_and_no_temporary_file_stays()
    {
        await Store.PutAsync("bundles/sha256/abc.tar.gz", new byte[] { 1, 2 }, None);
        await Store.PutAsync("bundles/sha256/def.tar.gz", new MemoryStream([3]), None);

        Assert.Equal(new byte[] { 1, 2 }, await File.ReadAllBytesAsync(Path.Combine(_root, "bundles", "sha256", "abc.tar.gz")));
        Assert.Equal(0, TempFileCount());
    }

    [Fact]
    public async Task A_stream_that_fails_midway_leaves_neither_a_blob_nor_a_temporary_file()
    {
        await Store.PutAsync("kept", new byte[] { 9 }, None);

        await Assert.ThrowsAsync<EndOfStreamException>(() => Store.PutAsync("kept", new FailingStream(), None));
        await Assert.ThrowsAsync<EndOfStreamException>(() => Store.PutAsync("never", new FailingStream(), None));

        Assert.Equal(new byte[] { 9 }, await Store.GetAsync("kept", None)); // the old blob is untouched
        Assert.False(await Store.ExistsAsync("never", None));
        Assert.Equal(0, TempFileCount());
    }

    [Fact]
    public async Task A_root_that_cannot_hold_files_fails_ping_and_put_with_blob_store_unavailable()
    {
        var notADirectory = _root + ".file";
        await File.WriteAllTextAsync(notADirectory, "in the way");
        try
        {
            var store = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = notADirectory });

            var ping = await Assert.ThrowsAsync<PlatformException>(() => store.PingAsync(None));
            var put = await Assert.ThrowsAsync<PlatformException>(() => store.PutAsync("k", new byte[] { 1 }, None));

            Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, ping.Code);
            Assert.Equal(PlatformErrorCodes.BlobStoreUnavailable, put.Code);
        }
        finally
        {
            File.Delete(notADirectory);
        }
    }

    /// <summary>Yields some bytes, then fails as a dropped upload would.</summary>
    private sealed class FailingStream : Stream
    {
        private int _reads;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_reads++ > 0)
                throw new EndOfStreamException("connection dropped");
            buffer.AsSpan(offset, count).Fill(42);
            return count;
        }
    }
}
