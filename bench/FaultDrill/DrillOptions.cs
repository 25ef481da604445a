namespace Selegic.Extensions.Bench.FaultDrill;

/// <summary>--seconds N (load, 20-180, default 60), --max-requests N (default 20000), --gateway-rate N/s (default 40), --publish-interval-ms N (default 500), --pg-port N (default 55471), --pg-down-seconds N (default 3).</summary>
public sealed record DrillOptions(int Seconds, int MaxRequests, int GatewayRate, int PublishIntervalMs, int PostgresPort, int PostgresDownSeconds)
{
    public static DrillOptions Parse(string[] args)
    {
        var values = new Dictionary<string, int>
        {
            ["--seconds"] = 60, ["--max-requests"] = 20_000, ["--gateway-rate"] = 40,
            ["--publish-interval-ms"] = 500, ["--pg-port"] = 55471, ["--pg-down-seconds"] = 3,
        };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value <= 0)
                throw new ArgumentException($"usage: FaultDrill [{string.Join("] [", values.Keys.Select(k => k + " N"))}]; got '{string.Join(' ', args)}'");
            values[args[i]] = value;
        }
        return new DrillOptions(Math.Clamp(values["--seconds"], 20, 180), values["--max-requests"], Math.Min(values["--gateway-rate"], 500),
            values["--publish-interval-ms"], values["--pg-port"], Math.Min(values["--pg-down-seconds"], 30));
    }
}
