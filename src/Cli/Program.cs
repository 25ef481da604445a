using System.CommandLine;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Extension;
using Selegic.Extensions.Cli.Keys;
using Selegic.Extensions.Cli.Wasm;

var root = new RootCommand("scrm: pack, validate and publish CRM extension bundles; run WebAssembly programs");
root.Subcommands.Add(ExtensionCommands.Create());
root.Subcommands.Add(KeysCommands.Create());
root.Subcommands.Add(WasmCommands.Create());
return await CommandRunner.InvokeAsync(root, args);
