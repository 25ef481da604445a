using Selegic.Extensions.Grains.RateLimits;

namespace Selegic.Extensions.Grains.Tests.RateLimits;

/// <summary>The bucket's arithmetic, on explicit instants.</summary>
public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly RateLimit Limit = new(Burst: 10, TokensPerPeriod: 2, PeriodMilliseconds: 1000);

    [Fact]
    public void It_starts_full_grants_no_more_than_it_holds_and_says_when_the_next_permit_comes()
    {
        var bucket = new TokenBucket(Limit, Start);

        Assert.Equal(4, bucket.Take(4, Limit, Start).Granted);
        Assert.Equal(6, bucket.Take(64, Limit, Start).Granted);
        var empty = bucket.Take(1, Limit, Start);

        Assert.Equal(0, empty.Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(500), empty.RetryAfter);
    }

    [Fact]
    public void It_refills_pro_rata_and_never_beyond_the_burst()
    {
        var bucket = new TokenBucket(Limit, Start);
        Assert.Equal(10, bucket.Take(10, Limit, Start).Granted);

        Assert.Equal(3, bucket.Take(10, Limit, Start.AddMilliseconds(1500)).Granted);
        var partial = bucket.Take(1, Limit, Start.AddMilliseconds(1750));
        Assert.Equal(0, partial.Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(250), partial.RetryAfter);

        Assert.Equal(10, bucket.Take(64, Limit, Start.AddHours(1)).Granted);
    }

    [Fact]
    public void A_clock_that_goes_back_adds_nothing()
    {
        var bucket = new TokenBucket(Limit, Start);
        Assert.Equal(10, bucket.Take(10, Limit, Start).Granted);

        Assert.Equal(0, bucket.Take(1, Limit, Start.AddSeconds(-30)).Granted);
        Assert.Equal(1, bucket.Take(1, Limit, Start.AddMilliseconds(500)).Granted);
    }
}
