namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>
/// Resource limits of one instance; every one is optional and each ends in its own trap kind.
/// Fuel is an instruction budget for the instance's whole life (charged at function entry and
/// loop headers); <see cref="Timeout"/> applies to each call from the host (and to the start
/// function), <see cref="Deadline"/> is an absolute end for all of them.
/// </summary>
public sealed class InstanceLimits
{
    public const int DefaultMaxCallDepth = 10_000;

    /// <summary>Instruction budget; <see cref="TrapKind.OutOfFuel"/> when it runs out.</summary>
    public long? Fuel { get; init; }

    /// <summary>Wall-clock budget of each call from the host; <see cref="TrapKind.DeadlineExceeded"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Absolute wall-clock end (UTC) of all execution in the instance.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Linear memory cap in 64 KiB pages: memory.grow past it returns -1.</summary>
    public uint? MaxMemoryPages { get; init; }

    /// <summary>Table cap in elements: table.grow past it returns -1.</summary>
    public uint? MaxTableElements { get; init; }

    /// <summary>Nested wasm calls allowed before <see cref="TrapKind.CallStackExhausted"/>.</summary>
    public int? MaxCallDepth { get; init; }
}
