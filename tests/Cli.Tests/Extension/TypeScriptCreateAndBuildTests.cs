using System.Text.Json;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using Selegic.Extensions.TestSupport;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.Extension;

/// <summary>
/// `scrm extension create --lang ts`, `build` and `dev` for wasm-js@1: refusals that write nothing,
/// and a scaffold that really builds into a WebAssembly component with the JavaScript SDK's
/// toolchain (the vacation-trip-ts sample's installed node_modules, `npm ci` by scripts/test.sh).
/// </summary>
public sealed class TypeScriptCreateAndBuildTests
{
    private static readonly string SdkFolder = Path.Combine(RepositoryPaths.Root, "sdk");
    private static readonly string SampleNodeModules = Path.Combine(RepositoryPaths.Root, "examples", "vacation-trip-ts", "node_modules");

    [Fact]
    public async Task Create_refuses_an_unknown_language_and_writes_nothing()
    {
        using var work = new TempDirectory();
        AssertRefused(await Scrm.RunAsync(work.Path, "extension", "create", "notes", "--lang", "cobol", "--sdk", SdkFolder, "--json"),
            ExitCodes.Usage, "invalid_lang");
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task Build_without_the_javascript_sdk_installed_is_scrm_js_missing_and_leaves_no_handler()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "notes", "--lang", "ts", "--sdk", SdkFolder)).ExitCode);

        var build = await Scrm.RunAsync(work.Combine("notes"), "extension", "build", "--json");
        AssertRefused(build, ExitCodes.Validation, "scrm_js_missing");
        Assert.Contains("npm install", build.Json().GetProperty("hint").GetString());
        Assert.False(File.Exists(Path.Combine(work.Combine("notes"), "dist", "handler.wasm")));
    }

    [Fact]
    public async Task A_typescript_scaffold_builds_a_component_and_packs_into_a_wasm_js_bundle()
    {
        using var work = new TempDirectory();
        var created = await Scrm.RunAsync(work.Path, "extension", "create", "ts-notes", "--lang", "ts", "--sdk", SdkFolder, "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var project = work.Combine("ts-notes");
        var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "package.json"))).RootElement;
        Assert.StartsWith("file:", package.GetProperty("devDependencies").GetProperty("@selegic/scrm-handler-js").GetString());
        Assert.Equal("wasm-js@1", JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "manifest.json"))).RootElement.GetProperty("runtime").GetString());
        UseSampleNodeModules(project);

        var build = await Scrm.RunAsync(project, "extension", "build", "--json");
        Assert.True(build.ExitCode == 0, build.ToString());
        var handler = File.ReadAllBytes(Path.Combine(project, "dist", "handler.wasm"));
        Assert.Equal(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00 }, handler[..8]); // a component

        var pack = await Scrm.RunAsync(project, "extension", "pack", "--json");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var files = pack.Json().GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(["handler.wasm", "manifest.json", "ui/app.js", "ui/index.html", "ui/scrm-iframe.js", "ui/style.css"], files);
    }

    [Fact]
    public async Task A_typescript_handler_with_a_type_error_in_syntax_is_refused_with_the_bundler_output()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "broken-ts", "--lang", "ts", "--sdk", SdkFolder)).ExitCode);
        var project = work.Combine("broken-ts");
        File.WriteAllText(Path.Combine(project, "handler", "index.ts"), "export function handle( {\n");
        UseSampleNodeModules(project);

        var build = await Scrm.RunAsync(project, "extension", "build", "--json");
        AssertRefused(build, ExitCodes.Validation, "handler_build_failed");
        Assert.Contains("index.ts", build.Json().GetProperty("message").GetString());
        Assert.False(File.Exists(Path.Combine(project, "dist", "handler.wasm")));
    }

    [Fact]
    public async Task Dev_once_runs_a_typescript_extension_and_its_route_answers()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "ts-dev", "--lang", "ts", "--sdk", SdkFolder)).ExitCode);
        var project = work.Combine("ts-dev");
        UseSampleNodeModules(project);

        var dev = await Scrm.RunAsync(project, "extension", "dev", "--port", "0", "--once", "--json");

        Assert.True(dev.ExitCode == 0, dev.ToString());
        Assert.Equal("/note", dev.Json().GetProperty("probedRoute").GetString());
        Assert.Equal(200, dev.Json().GetProperty("probeStatus").GetInt32());
    }

    /// <summary>The scaffold's dependencies are the sample's (same SDKs, same toolchain), so no test downloads anything.</summary>
    private static void UseSampleNodeModules(string project)
    {
        Assert.True(Directory.Exists(Path.Combine(SampleNodeModules, "@selegic", "scrm-handler-js")), $"Run `npm ci` in {Path.GetDirectoryName(SampleNodeModules)} first (scripts/test.sh does).");
        Directory.CreateSymbolicLink(Path.Combine(project, "node_modules"), SampleNodeModules);
    }
}
