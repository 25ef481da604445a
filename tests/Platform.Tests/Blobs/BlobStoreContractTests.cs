using System.Security.Cryptography;
using Selegic.Extensions.Platform.Blobs;

namespace Selegic.Extensions.Platform.Tests.Blobs;

/// <summary>What every <see cref="IBlobStore"/> promises; run against each implementation.</summary>
public abstract class BlobStoreContractTests : IAsyncLifetime
{
    protected IBlobStore Store { get; private set; } = null!;
    protected static CancellationToken None => CancellationToken.None;

    protected abstract Task<IBlobStore> CreateStoreAsync();
    /// <summary>How many blobs the backend holds, looked at from outside the store.</summary>
    protected abstract int StoredBlobCount();
    public virtual Task DisposeAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public static TheoryData<string> HostileKeys => new()
    {
        "", "/", "../escape", "a/../../escape", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "..", ".hidden", "a/.hidden",
        "a\\..\\b", "C:\\windows", "with space", "nul\0byte", "%2e%2e/x", "tab\tname", "ünicode", new string('k', BlobKey.MaxLength + 1),
    };

    [Fact]
    public async Task Bytes_put_are_read_back_and_deleted()
    {
        var data = RandomNumberGenerator.GetBytes(4096);

        await Store.PutAsync("bundles/sha256/abc.tar.gz", data, None);

        Assert.True(await Store.ExistsAsync("bundles/sha256/abc.tar.gz", None));
        Assert.Equal(data, await Store.GetAsync("bundles/sha256/abc.tar.gz", None));
        Assert.True(await Store.DeleteAsync("bundles/sha256/abc.tar.gz", None));
        Assert.False(await Store.ExistsAsync("bundles/sha256/abc.tar.gz", None));
        Assert.Null(await Store.GetAsync("bundles/sha256/abc.tar.gz", None));
        Assert.False(await Store.DeleteAsync("bundles/sha256/abc.tar.gz", None));
        Assert.Equal(0, StoredBlobCount());
    }

    [Fact]
    public async Task A_stream_put_is_read_back_through_a_stream()
    {
        var data = RandomNumberGenerator.GetBytes(1 << 20);

        await Store.PutAsync("big/one.bin", new MemoryStream(data), None);

        await using var read = await Store.OpenReadAsync("big/one.bin", None);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task A_stream_put_reads_from_the_current_position_and_leaves_the_stream_open()
    {
        var source = new MemoryStream([9, 9, 1, 2, 3]) { Position = 2 };

        await Store.PutAsync("partial", source, None);

        Assert.Equal(new byte[] { 1, 2, 3 }, await Store.GetAsync("partial", None));
        Assert.True(source.CanRead); // the caller owns the stream
        Assert.Equal(5, source.Position);
    }

    [Fact]
    public async Task Missing_blobs_are_null_or_false_not_errors()
    {
        Assert.Null(await Store.GetAsync("nothing/here", None));
        Assert.Null(await Store.OpenReadAsync("nothing/here", None));
        Assert.False(await Store.ExistsAsync("nothing/here", None));
        Assert.False(await Store.DeleteAsync("nothing/here", None));
    }

    [Fact]
    public async Task A_key_that_is_only_a_prefix_of_other_keys_is_not_a_blob()
    {
        await Store.PutAsync("prefix/child", new byte[] { 1 }, None);

        Assert.Null(await Store.GetAsync("prefix", None));
        Assert.Null(await Store.OpenReadAsync("prefix", None));
        Assert.False(await Store.ExistsAsync("prefix", None));
    }

    [Fact]
    public async Task A_second_put_of_a_key_is_refused_with_blob_exists_and_the_first_blob_stays()
    {
        await Store.PutAsync("k", new byte[] { 1, 2, 3 }, None);

        var bytes = await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.PutAsync("k", new byte[] { 4 }, None));
        var stream = await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.PutAsync("k", new MemoryStream([5]), None));

        Assert.Equal(PlatformErrorCodes.BlobExists, bytes.Code);
        Assert.Equal(PlatformErrorCodes.BlobExists, stream.Code);
        Assert.Equal(new byte[] { 1, 2, 3 }, await Store.GetAsync("k", None));
        Assert.Equal(1, StoredBlobCount());
    }

    [Fact]
    public async Task An_empty_blob_is_a_blob_and_a_deleted_key_can_be_put_again()
    {
        await Store.PutAsync("k", Array.Empty<byte>(), None);
        Assert.Equal(Array.Empty<byte>(), await Store.GetAsync("k", None));
        Assert.True(await Store.ExistsAsync("k", None));

        Assert.True(await Store.DeleteAsync("k", None));
        await Store.PutAsync("k", new byte[] { 8 }, None);

        Assert.Equal(new byte[] { 8 }, await Store.GetAsync("k", None));
        Assert.Equal(1, StoredBlobCount());
    }

    [Fact]
    public async Task Of_concurrent_puts_of_one_key_exactly_one_succeeds_and_its_blob_is_stored_whole()
    {
        var versions = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)i, 256 * 1024).ToArray()).ToList();

        var outcomes = await Task.WhenAll(versions.Select(v => Task.Run(async () =>
        {
            try
            {
                await Store.PutAsync("race/blob", v, None);
                return (Version: v, Error: (string?)null);
            }
            catch (AlreadyExistsException e)
            {
                return (Version: v, Error: e.Code);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(PlatformErrorCodes.BlobExists, o.Error));
        Assert.Equal(winner.Version, await Store.GetAsync("race/blob", None));
        Assert.Equal(1, StoredBlobCount());
    }

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task Hostile_keys_are_refused_with_invalid_blob_key_and_nothing_is_written(string key)
    {
        async Task Refused(Func<Task> call) =>
            Assert.Equal(PlatformErrorCodes.InvalidBlobKey, (await Assert.ThrowsAsync<PlatformException>(call)).Code);

        await Refused(() => Store.PutAsync(key, new byte[] { 1 }, None));
        await Refused(() => Store.PutAsync(key, new MemoryStream([1]), None));
        await Refused(() => Store.GetAsync(key, None));
        await Refused(() => Store.OpenReadAsync(key, None));
        await Refused(() => Store.ExistsAsync(key, None));
        await Refused(() => Store.DeleteAsync(key, None));
        Assert.Equal(0, StoredBlobCount());
    }

    [Fact]
    public async Task Ping_succeeds_on_a_reachable_store()
    {
        await Store.PingAsync(None);
        await Store.PutAsync("after-ping", new byte[] { 7 }, None);
        Assert.Equal(new byte[] { 7 }, await Store.GetAsync("after-ping", None));
    }
}
