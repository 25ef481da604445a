using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Runner.Sandbox.Wasi;

/// <summary>What a WASI guest sees: its arguments, environment and the caps on what it may write.</summary>
public sealed record WasiSettings
{
    /// <summary>argv, including the program name as argv[0].</summary>
    public IReadOnlyList<string> Arguments { get; init; } = ["main"];

    /// <summary>Environment variables, in the order the program sees them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>Most bytes the program may write to stdout; writing more ends it with <see cref="WasiOutputLimitException"/>.</summary>
    public long MaxStdoutBytes { get; init; } = 16 * 1024;

    /// <summary>Most bytes the program may write to stderr; writing more ends it with <see cref="WasiOutputLimitException"/>.</summary>
    public long MaxStderrBytes { get; init; } = 16 * 1024;
}

/// <summary>
/// The WASI preview-1 state of one run: standard streams captured in memory, which of them are
/// still open, when the run started. There is no file system, no network and no stdin (reads see
/// end of file); <see cref="WasiPreview1"/> holds the functions working on it.
/// </summary>
public sealed class WasiRun(WasiSettings settings)
{
    private readonly bool[] _stdioOpen = [true, true, true];

    internal WasiSettings Settings { get; } = settings;
    internal WasiOutputChannel Stdout { get; } = new(1, settings.MaxStdoutBytes);
    internal WasiOutputChannel Stderr { get; } = new(2, settings.MaxStderrBytes);
    internal long StartTimestamp { get; } = TimeProvider.System.GetTimestamp();

    internal IReadOnlyList<string> EnvironmentStrings =>
        _environmentStrings ??= Settings.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToArray();

    private IReadOnlyList<string>? _environmentStrings;

    public byte[] CapturedStdout => Stdout.Captured;

    public byte[] CapturedStderr => Stderr.Captured;

    internal bool IsOpenStdio(int fd) => fd is >= 0 and <= 2 && _stdioOpen[fd];

    internal void Close(int fd) => _stdioOpen[fd] = false;

    internal static void FillRandom(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    internal static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}
