using System.CommandLine;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Keys;

/// <summary>`scrm keys ...`: publisher signing keys.</summary>
public static class KeysCommands
{
    public static Command Create() => Create(CliEnvironment.Process);

    public static Command Create(CliEnvironment environment)
    {
        var keys = new Command("keys", "Publisher signing keys: generate a key pair, register a public key with a tenant. " + ExitCodes.HelpText);
        keys.Subcommands.Add(GenerateKeyCommand.Create(environment));
        keys.Subcommands.Add(AddKeyCommand.Create(environment));
        return keys;
    }
}
