using System.CommandLine;
using Selegic.Extensions.Cli.Extension;
using Selegic.Extensions.Cli.Wasm;

var root = new RootCommand("scrm: pack, validate and publish CRM extension bundles; run WebAssembly programs");
root.Subcommands.Add(ExtensionCommands.Create());
root.Subcommands.Add(WasmCommands.Create());
return await root.Parse(args).InvokeAsync();
