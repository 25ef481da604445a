using System.CommandLine;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>
/// `scrm wasm run FILE.wasm [args...]`: the command line; <see cref="WasmRun"/> does the work.
/// Numeric options are read as text and parsed by <see cref="WasmRun"/>, so a bad value gets
/// this command's usage exit code and a plain message rather than the parser's generic one.
/// </summary>
public static class WasmRunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The .wasm module: a WASI preview-1 command, or any module with --invoke" };
        var args = new Argument<string[]>("args")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Arguments for the program (argv[1..]) or for the --invoke function; put them after -- if one looks like an option of this command",
        };
        var invoke = new Option<string?>("--invoke") { Description = "Call this export with the arguments instead of running _start, and print its results one per line", HelpName = "NAME" };
        var fuel = new Option<string?>("--fuel") { Description = "Instruction budget (Wasmtime fuel: about one unit per instruction); running out traps", HelpName = "UNITS" };
        var timeout = new Option<string?>("--timeout-ms") { Description = "Wall-clock limit in milliseconds; passing it traps", HelpName = "MS" };
        var maxMemory = new Option<string?>("--max-memory")
        {
            Description = "Linear memory cap: bytes, or a number with a KiB, MiB or GiB suffix (e.g. 64MiB), rounded down to 64 KiB pages; memory.grow past it fails",
            HelpName = "SIZE",
        };
        var env = new Option<string[]>("--env") { Description = "An environment variable for the program, KEY=VALUE (repeatable)", HelpName = "KEY=VALUE" };

        var run = new Command("run", "Run a WebAssembly program with the platform's engine, like `wasmtime run`: stdin, stdout and stderr " +
                                     "are the program's, and its exit code is scrm's. No file system or network. " + WasmRunExitCodes.HelpText)
        {
            file, args, invoke, fuel, timeout, maxMemory, env,
        };
        run.SetAction(parseResult => new WasmRun(Console.OpenStandardOutput(), Console.OpenStandardError())
            .Execute(new WasmRunRequest(
                parseResult.GetValue(file)!,
                parseResult.GetValue(args) ?? [],
                parseResult.GetValue(invoke),
                parseResult.GetValue(fuel),
                parseResult.GetValue(timeout),
                parseResult.GetValue(maxMemory),
                parseResult.GetValue(env) ?? [])));
        return run;
    }
}
