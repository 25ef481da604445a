using System.CommandLine;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Naming;

namespace Selegic.Extensions.Cli.Extension.Scaffold;

/// <summary>
/// `scrm extension create NAME [--lang as|ts] [--dir DIR] [--sdk DIR] [--json]`: scaffolds a project
/// that builds and publishes as is (see <see cref="ScaffoldTemplates"/>; <c>--lang ts</c>:
/// <see cref="TypeScriptTemplates"/>). Writes nothing when the target folder
/// exists and is not empty, or when NAME is not a valid slug.
/// </summary>
public static class CreateCommand
{
    public const string DirectoryNotEmptyCode = "directory_not_empty";
    public const string SdkNotFoundCode = "sdk_not_found";
    public const string InvalidLanguageCode = "invalid_lang";

    /// <summary>--lang values: AssemblyScript (wasm@1, the default) and TypeScript (wasm-js@1).</summary>
    public static readonly IReadOnlyDictionary<string, (string Sdk, IReadOnlyDictionary<string, string> Files)> Languages =
        new Dictionary<string, (string, IReadOnlyDictionary<string, string>)>
        {
            ["as"] = ("assemblyscript", ScaffoldTemplates.Files),
            ["ts"] = ("js", TypeScriptTemplates.Files),
        };

    public sealed record Result(bool Ok, string Slug, string Directory, IReadOnlyList<string> Files);

    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "The extension's slug, e.g. vacation-trip (lowercase letters, digits, single hyphens)" };
        var directory = new Option<string?>("--dir") { Description = "Where to create the project (default: ./NAME)" };
        var language = new Option<string>("--lang")
        {
            Description = "The handler's language: as (AssemblyScript, runtime wasm@1) or ts (TypeScript, runtime wasm-js@1)",
            DefaultValueFactory = _ => "as",
        };
        var sdk = new Option<string?>("--sdk")
        {
            Description = "The platform's sdk/ folder (holding assemblyscript/ or js/, and iframe/); default: found above the working directory or this tool",
        };
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("create", "Scaffold a new extension: AssemblyScript (or, with --lang ts, TypeScript) handler, iframe UI, manifest and package.json. " + ExitCodes.HelpText)
        {
            name, language, directory, sdk, json,
        };
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, (cli, _) =>
        {
            var slug = parseResult.GetValue(name)!;
            if (Slug.Problem(slug) is { } problem)
                throw CliException.Usage("invalid_slug", $"'{slug}' cannot be an extension slug: {problem}",
                    "Use 2-63 lowercase letters, digits and single hyphens, starting with a letter.");
            var lang = parseResult.GetValue(language)!;
            if (!Languages.TryGetValue(lang, out var chosen))
                throw CliException.Usage(InvalidLanguageCode, $"'{lang}' is not a handler language.", "Use --lang as (AssemblyScript) or --lang ts (TypeScript).");
            var target = environment.ResolvePath(parseResult.GetValue(directory) ?? slug);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                throw CliException.Usage(DirectoryNotEmptyCode, $"'{target}' exists and is not empty; nothing was written.", "Choose another --dir.");
            var sdkRoot = FindSdk(parseResult.GetValue(sdk) is { } given ? environment.ResolvePath(given) : null, environment.WorkingDirectory, chosen.Sdk);

            var replacements = new Dictionary<string, string>
            {
                ["{{SLUG}}"] = slug,
                ["{{NAME}}"] = Title(slug),
                ["{{HANDLER_SDK}}"] = FileDependency(target, Path.Combine(sdkRoot, "assemblyscript")),
                ["{{JS_SDK}}"] = FileDependency(target, Path.Combine(sdkRoot, "js")),
                ["{{IFRAME_SDK}}"] = FileDependency(target, Path.Combine(sdkRoot, "iframe")),
            };
            var written = new List<string>();
            foreach (var (relative, template) in chosen.Files)
            {
                var content = replacements.Aggregate(template, (text, r) => text.Replace(r.Key, r.Value, StringComparison.Ordinal));
                var path = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
                written.Add(relative);
            }
            cli.Result(new Result(true, slug, target, written),
                $"Created {slug} in {target}",
                $"  next: cd {Path.GetRelativePath(environment.WorkingDirectory, target)} && npm install && scrm extension build");
            return Task.FromResult(ExitCodes.Success);
        }, cancellation));
        return command;
    }

    /// <summary>The sdk/ folder: given, or the first sdk/ with both SDKs above the working directory or this tool's binary.</summary>
    private static string FindSdk(string? given, string workingDirectory, string handlerSdk)
    {
        if (given is not null)
            return IsSdk(given, handlerSdk) ? given : throw NotFound($"'{given}' does not hold {handlerSdk}/package.json and iframe/package.json.");
        foreach (var start in new[] { workingDirectory, AppContext.BaseDirectory })
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "sdk");
                if (IsSdk(candidate, handlerSdk)) return candidate;
            }
        throw NotFound("No sdk/ folder with the handler and iframe SDKs was found above the working directory.");
    }

    private static bool IsSdk(string directory, string handlerSdk) =>
        File.Exists(Path.Combine(directory, handlerSdk, "package.json")) && File.Exists(Path.Combine(directory, "iframe", "package.json"));

    private static CliException NotFound(string message) =>
        CliException.Usage(SdkNotFoundCode, message, "Pass --sdk pointing at the platform repository's sdk/ folder.");

    private static string FileDependency(string project, string package) =>
        "file:" + Path.GetRelativePath(project, package).Replace(Path.DirectorySeparatorChar, '/');

    private static string Title(string slug) =>
        string.Join(' ', slug.Split('-').Select((word, i) => i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word));
}
