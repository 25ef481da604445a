using System.CommandLine;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>`scrm extension ...`: create, build, dev, pack, publish, list versions, sign.</summary>
public static class ExtensionCommands
{
    public static Command Create() => Create(CliEnvironment.Process);

    public static Command Create(CliEnvironment environment)
    {
        var extension = new Command("extension", "Create, build, pack, validate, sign and publish extension bundles. " + ExitCodes.HelpText);
        extension.Subcommands.Add(Scaffold.CreateCommand.Create(environment));
        extension.Subcommands.Add(BuildCommand.Create(environment));
        extension.Subcommands.Add(DevCommand.Create(environment));
        extension.Subcommands.Add(PackCommand.Create(environment));
        extension.Subcommands.Add(PublishCommand.Create(environment));
        extension.Subcommands.Add(VersionsCommand.Create(environment));
        extension.Subcommands.Add(SignCommand.Create(environment));
        return extension;
    }

    /// <summary>The optional DIR argument of pack and publish: the extension's folder (default: the working directory).</summary>
    internal static Argument<string> DirectoryArgument()
    {
        var directory = new Argument<string>("dir")
        {
            Description = "The extension's folder, holding package.json and/or manifest.json (default: the working directory)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        // An optional argument would otherwise swallow a mistyped option ("--dryrun") as a folder name.
        directory.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
                result.AddError($"Unrecognized option '{token.Value}'.");
        });
        return directory;
    }
}
