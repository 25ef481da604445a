namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>Fills a buffer with random bytes (random_get). The default is the OS's cryptographic generator.</summary>
public delegate void WasiRandomSource(Span<byte> buffer);

/// <summary>
/// What a WASI program sees: its arguments, environment, standard streams and clocks.
/// There is no file system and no network; every other preview-1 call fails with ENOSYS or EBADF.
/// A configuration describes a run; the per-run state lives in <see cref="WasiContext"/>.
/// </summary>
public sealed class WasiConfiguration
{
    public const long DefaultOutputCap = 16L * 1024 * 1024;

    /// <summary>argv, including the program name as argv[0].</summary>
    public IReadOnlyList<string> Arguments { get; init; } = ["main"];

    /// <summary>Environment variables, in the order the program sees them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>Read by fd_read on fd 0. The default is empty (immediate end of file).</summary>
    public Stream Stdin { get; init; } = Stream.Null;

    /// <summary>Where fd 1 goes. Null captures it in memory (see <see cref="WasiContext.CapturedStdout"/>).</summary>
    public Stream? Stdout { get; init; }

    /// <summary>Where fd 2 goes. Null captures it in memory (see <see cref="WasiContext.CapturedStderr"/>).</summary>
    public Stream? Stderr { get; init; }

    /// <summary>Most bytes the program may write to stdout; writing more ends it with <see cref="WasiOutputLimitException"/>.</summary>
    public long MaxStdoutBytes { get; init; } = DefaultOutputCap;

    /// <summary>Most bytes the program may write to stderr; writing more ends it with <see cref="WasiOutputLimitException"/>.</summary>
    public long MaxStderrBytes { get; init; } = DefaultOutputCap;

    /// <summary>Source of the realtime and monotonic clocks (a fake one makes runs reproducible).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public WasiRandomSource Random { get; init; } = System.Security.Cryptography.RandomNumberGenerator.Fill;
}
