namespace Selegic.Extensions.Runner.Sandbox.Wasi;

/// <summary>The guest called proc_exit: the run ends here, with its exit code.</summary>
public sealed class WasiExitException(int exitCode) : Exception($"proc_exit({exitCode})")
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The guest wrote more to stdout or stderr than its cap allows: the run ends here.</summary>
public sealed class WasiOutputLimitException(int fd, long cap)
    : Exception($"{(fd == 1 ? "stdout" : "stderr")} is capped at {cap} bytes");
