namespace Selegic.Extensions.Wasm.Decoding;

/// <summary>
/// Caps the decoder enforces so a hostile module cannot make it allocate or loop without bound.
/// Defaults follow the limits browsers publish in the WebAssembly JS API spec ("Implementation-defined
/// limits"), so any module that loads in a browser loads here. Exceeding one is reported as
/// <see cref="WasmMalformedException"/> with a message starting "limit exceeded:".
/// </summary>
public sealed record DecoderLimits
{
    public static DecoderLimits Default { get; } = new();

    public int MaxModuleSize { get; init; } = 1 << 30;
    public int MaxTypes { get; init; } = 1_000_000;
    public int MaxFunctionParameters { get; init; } = 1_000;
    public int MaxFunctionResults { get; init; } = 1_000;
    public int MaxImports { get; init; } = 100_000;
    public int MaxExports { get; init; } = 100_000;
    /// <summary>Module-defined functions (the function and code sections).</summary>
    public int MaxFunctions { get; init; } = 1_000_000;
    public int MaxTables { get; init; } = 100_000;
    public int MaxMemories { get; init; } = 100;
    public int MaxGlobals { get; init; } = 1_000_000;
    public int MaxElementSegments { get; init; } = 100_000;
    /// <summary>Items in one element segment.</summary>
    public int MaxElementSegmentItems { get; init; } = 10_000_000;
    public int MaxDataSegments { get; init; } = 100_000;
    public int MaxLocalsPerFunction { get; init; } = 50_000;
    /// <summary>Bytes of one function body (locals and code).</summary>
    public int MaxFunctionBodySize { get; init; } = 7_654_321;
    /// <summary>Depth of nested block/loop/if in one function or constant expression.</summary>
    public int MaxNestingDepth { get; init; } = 10_000;
    /// <summary>Labels in one br_table.</summary>
    public int MaxBrTableTargets { get; init; } = 65_520;
    public int MaxCustomSections { get; init; } = 10_000;
}
