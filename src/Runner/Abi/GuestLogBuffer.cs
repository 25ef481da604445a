using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>The log lines of one execution, bounded in count and size; the excess is counted and reported in one last line.</summary>
internal sealed class GuestLogBuffer
{
    public const int MaxEntries = 100;
    public const int MaxMessageChars = 4096;
    public const int MaxTotalChars = 64 * 1024;

    private readonly List<GuestLogEntry> _entries = [];
    private int _totalChars, _dropped;

    public void Add(GuestLogLevel level, string message)
    {
        if (message.Length > MaxMessageChars) message = message[..MaxMessageChars] + "…";
        if (_entries.Count >= MaxEntries || _totalChars + message.Length > MaxTotalChars)
        {
            _dropped++;
            return;
        }
        _totalChars += message.Length;
        _entries.Add(new GuestLogEntry(level, message));
    }

    /// <summary>Each non-empty line of WASI output becomes one entry.</summary>
    public void AddOutput(GuestLogLevel level, byte[] output)
    {
        if (output.Length == 0) return;
        foreach (var line in System.Text.Encoding.UTF8.GetString(output).Split('\n'))
            if (line.TrimEnd('\r') is { Length: > 0 } text) Add(level, text);
    }

    public IReadOnlyList<GuestLogEntry> ToList() =>
        _dropped == 0 ? [.. _entries] : [.. _entries, new GuestLogEntry(GuestLogLevel.Warn, $"{_dropped} log lines dropped (limit {MaxEntries} lines, {MaxTotalChars} characters)")];
}
