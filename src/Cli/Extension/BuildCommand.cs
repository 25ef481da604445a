using System.CommandLine;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>`scrm extension build [DIR] [--json]`: compiles the handler (asc) and copies the UI into the bundle directory.</summary>
public static class BuildCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var directory = ExtensionCommands.DirectoryArgument();
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("build",
            $"Compile {ExtensionBuild.HandlerSource} with the project's AssemblyScript compiler into the manifest's handler and copy " +
            $"{ExtensionBuild.UiSource}/ (plus the iframe bridge script) into the bundle directory (package.json bundlePath). " + ExitCodes.HelpText)
        {
            directory, json,
        };
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, async (cli, token) =>
        {
            var result = await ExtensionBuild.RunAsync(environment.ResolvePath(parseResult.GetValue(directory)!), cli.Note, token);
            cli.Result(result,
                $"Built {result.Slug} {result.Version} into {result.BundleDirectory}",
                result.Handler is null ? "  handler: none" : $"  handler: {result.Handler} ({ByteSize.Format(result.HandlerBytes)})",
                $"  ui:      {result.UiFiles.Count} files");
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }
}
