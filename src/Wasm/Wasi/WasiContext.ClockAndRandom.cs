namespace Selegic.Extensions.Wasm.Wasi;

// clock_* and random_get. Clock ids: 0 realtime, 1 monotonic, 2 process cputime, 3 thread cputime.
// The cputime clocks report the wall time since the run started: the guest runs on one thread
// and the host has no cheap per-thread CPU clock.
public sealed partial class WasiContext
{
    private const int Realtime = 0, Monotonic = 1, ProcessCpuTime = 2, ThreadCpuTime = 3;
    private const long NanosecondsPerTick = 100;   // DateTimeOffset resolution

    private WasiErrno ClockResGet(GuestMemory memory, int clock, uint resolutionPointer)
    {
        ulong resolution = clock switch
        {
            Realtime => NanosecondsPerTick,
            Monotonic or ProcessCpuTime or ThreadCpuTime => (ulong)Math.Max(1, 1_000_000_000 / _config.Time.TimestampFrequency),
            _ => 0,
        };
        if (resolution == 0) return WasiErrno.Invalid;
        memory.WriteU64(resolutionPointer, resolution);
        return WasiErrno.Success;
    }

    private WasiErrno ClockTimeGet(GuestMemory memory, int clock, uint timePointer)
    {
        ulong nanoseconds;
        switch (clock)
        {
            case Realtime:
                nanoseconds = (ulong)(_config.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * NanosecondsPerTick;
                break;
            case Monotonic:
                nanoseconds = TimestampToNanoseconds(_config.Time.GetTimestamp());
                break;
            case ProcessCpuTime or ThreadCpuTime:
                nanoseconds = TimestampToNanoseconds(_config.Time.GetTimestamp() - _startTimestamp);
                break;
            default:
                return WasiErrno.Invalid;
        }
        memory.WriteU64(timePointer, nanoseconds);
        return WasiErrno.Success;
    }

    private ulong TimestampToNanoseconds(long timestamp) =>
        (ulong)((Int128)timestamp * 1_000_000_000 / _config.Time.TimestampFrequency);

    private WasiErrno RandomGet(GuestMemory memory, uint buffer, uint length)
    {
        _config.Random(memory.Slice(buffer, length));
        return WasiErrno.Success;
    }
}
