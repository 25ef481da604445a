using System.Diagnostics;
using System.Globalization;
using Selegic.Extensions.Frontend.Tests.MultiNode;

// Revocation propagation between two Frontend processes sharing one PostgreSQL (EXTENSIONS_TEST_POSTGRES).
// For each of N tokens (minted on A, accepted on B): revoke on A, then poll B until it refuses.
// Delay = first refusal seen on B - A's 200 answer to the revoke (the write has committed by then).
// Usage: dotnet run -c Release --project bench/RevocationPropagation [-- iterations]
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;

await using var cluster = await TwoNodeCluster.StartAsync(logLevel: "Warning");
var (tenant, key, installation) = await cluster.InstalledExtensionAsync(cluster.A, "bench-secret");
using var onB = cluster.B.Client();

Console.WriteLine($"nodes: A={cluster.A.BaseAddress} B={cluster.B.BaseAddress}; {iterations} revocations per kind");
var single = await MeasureAsync("revoke one jti", async () =>
{
    var token = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
    return (token.Token, () => TwoNodeCluster.PostAsync(cluster.A, tenant, key, installation.Id, "/tokens/revoke", new { jti = token.Jti }));
});
var all = await MeasureAsync("revoke all (epoch bump)", async () =>
{
    var token = await TwoNodeCluster.MintAsync(cluster.A, tenant, key, installation.Id);
    return (token.Token, () => TwoNodeCluster.PostAsync(cluster.A, tenant, key, installation.Id, "/tokens/revoke-all"));
});

Console.WriteLine();
Console.WriteLine("| revocation | n | p50 ms | p99 ms | max ms | mean ms | polls of B per revocation (mean) |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
foreach (var result in new[] { single, all })
    Console.WriteLine(result.Row());
return single.P99 < 100 && all.P99 < 100 ? 0 : 1;

async Task<Result> MeasureAsync(string name, Func<Task<(string Token, Func<Task> Revoke)>> prepare)
{
    var delays = new List<double>();
    var polls = 0L;
    for (var i = 0; i < iterations; i++)
    {
        var (token, revoke) = await prepare();
        if (await TwoNodeCluster.TokenRefusalAsync(onB, token) is { } early)
            throw new InvalidOperationException($"B refused a fresh token before the revocation: {early}");
        await revoke();
        var committed = Stopwatch.GetTimestamp();
        while (await TwoNodeCluster.TokenRefusalAsync(onB, token) is null)
        {
            polls++;
            if (Stopwatch.GetElapsedTime(committed) > TimeSpan.FromSeconds(10))
                throw new TimeoutException("B still accepts a token revoked 10 s ago.");
        }
        polls++;
        delays.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
    }
    return new Result(name, delays, polls / (double)iterations);
}

internal sealed record Result(string Name, List<double> Delays, double MeanPolls)
{
    private double Percentile(double p)
    {
        var sorted = Delays.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public double P99 => Percentile(0.99);

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Delays.Count} | {Percentile(0.5):F2} | {P99:F2} | {Delays.Max():F2} | {Delays.Average():F2} | {MeanPolls:F1} |");
}
