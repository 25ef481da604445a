using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using static Selegic.Extensions.Contracts.Tests.Support.TestArchives;

namespace Selegic.Extensions.Contracts.Tests.Bundles;

/// <summary>
/// Damaged archives of every shape must end in a <see cref="BundleException"/> with a catalogued code
/// (or be read when the damage is harmless), never in any other exception. Seeded, so repeatable.
/// </summary>
public sealed class MutatedArchiveTests
{
    private static readonly byte[] ValidTar = Tar(ValidFiles().Append(("ui/app.js", Utf8("console.log('trip');"))));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mutated_tar_bytes_are_read_or_refused_with_a_code(int seed)
    {
        var random = new Random(seed);
        var refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var tar = (byte[])ValidTar.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                tar[random.Next(tar.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) tar = tar[..random.Next(tar.Length)];
            refused += ReadOrRefuse(Gzip(tar)) ? 0 : 1;
        }
        Assert.InRange(refused, 1, 1500); // the corpus does exercise refusals
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Mutated_gzip_bytes_are_read_or_refused_with_a_code(int seed)
    {
        var random = new Random(seed);
        var bundle = Gzip(ValidTar);
        var refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var mutated = (byte[])bundle.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) mutated = mutated[..random.Next(mutated.Length)];
            refused += ReadOrRefuse(mutated) ? 0 : 1;
        }
        Assert.InRange(refused, 1, 1500);
    }

    /// <summary>True when read; false when refused with a catalogued code; any other exception fails the test.</summary>
    private static bool ReadOrRefuse(byte[] bundle)
    {
        try
        {
            BundleReader.Read(bundle, BundleLimits.Default);
            return true;
        }
        catch (BundleException e)
        {
            Assert.NotNull(ErrorCatalog.Find(e.Code));
            return false;
        }
    }
}
