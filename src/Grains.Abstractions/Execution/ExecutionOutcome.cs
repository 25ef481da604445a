namespace Selegic.Extensions.Grains.Execution;

/// <summary>The Runner's ExecuteResponse in wire form: the handler's answer or a failure code, its logs and measurements.</summary>
[GenerateSerializer, Immutable, Alias("scrm.ExecutionOutcome")]
public sealed record ExecutionOutcome(
    [property: Id(0)] string? Code,
    [property: Id(1)] string? Message,
    [property: Id(2)] int Status,
    [property: Id(3)] Dictionary<string, string> Headers,
    [property: Id(4)] byte[] Body,
    [property: Id(5)] List<ExecutionLogLine> Logs,
    [property: Id(6)] bool CompiledModule,
    [property: Id(7)] long FuelConsumed,
    [property: Id(8)] int ActionCalls,
    [property: Id(9)] double ElapsedMilliseconds,
    [property: Id(10)] string? Runner);

/// <summary>One line the handler logged; <see cref="Level"/> is the guest's level (0 debug .. 3 error).</summary>
[GenerateSerializer, Immutable, Alias("scrm.ExecutionLogLine")]
public sealed record ExecutionLogLine([property: Id(0)] int Level, [property: Id(1)] string Message);
