using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>
/// Exit codes of `scrm wasm run` besides the program's own. A program can exit with any of these
/// itself; scripts that must tell them apart read stderr, where every host error starts with "error:".
/// </summary>
public static class WasmRunExitCodes
{
    /// <summary>Bad command line: unreadable file, bad option value, unknown export, wrong --invoke arguments.</summary>
    public const int Usage = ExitCodes.Usage;

    /// <summary>The module was refused before running: malformed, invalid or unlinkable.</summary>
    public const int ModuleRejected = ExitCodes.Validation;

    /// <summary>The program trapped or hit a limit (fuel, timeout, call depth): 128 + SIGABRT, like wasmtime.</summary>
    public const int Trapped = 134;

    public const string HelpText =
        "Exit codes: the program's own exit code; 2 bad command line; 3 module malformed, invalid or unlinkable; " +
        "134 trap or limit reached (fuel, timeout, call depth; the trap kind is printed on stderr).";
}
