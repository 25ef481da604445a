using System.CommandLine;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>`scrm wasm ...`: run WebAssembly programs with the platform's engine.</summary>
public static class WasmCommands
{
    public static Command Create()
    {
        var wasm = new Command("wasm", "Run WebAssembly modules with the platform's engine");
        wasm.Subcommands.Add(WasmRunCommand.Create());
        return wasm;
    }
}
