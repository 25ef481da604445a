using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using Selegic.Extensions.TestSupport;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.Extension;

/// <summary>
/// `scrm extension create` and `build`: refusals that write nothing, and a scaffold that really
/// compiles with asc (the vacation-trip sample's installed node_modules, `npm ci` by scripts/test.sh)
/// and packs into a valid bundle.
/// </summary>
public sealed class CreateAndBuildTests
{
    private static readonly string SdkFolder = Path.Combine(RepositoryPaths.Root, "sdk");
    private static readonly string SampleNodeModules = Path.Combine(RepositoryPaths.Root, "examples", "vacation-trip", "node_modules");

    [Theory]
    [InlineData("Trips")]
    [InlineData("-trips")]
    [InlineData("a")]
    [InlineData("../escape")]
    public async Task Create_refuses_a_name_that_is_not_a_slug_and_writes_nothing(string name)
    {
        using var work = new TempDirectory();
        AssertRefused(await Scrm.RunAsync(work.Path, "extension", "create", name, "--sdk", SdkFolder, "--json"), ExitCodes.Usage, "invalid_slug");
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task Create_refuses_a_folder_that_is_not_empty_and_leaves_it_alone()
    {
        using var work = new TempDirectory();
        File.WriteAllText(work.Combine("keep.txt"), "mine");

        AssertRefused(await Scrm.RunAsync(work.Path, "extension", "create", "notes", "--dir", ".", "--sdk", SdkFolder, "--json"),
            ExitCodes.Usage, "directory_not_empty");
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(work.Path).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(work.Combine("keep.txt")));
    }

    [Fact]
    public async Task Create_refuses_an_sdk_folder_without_the_sdks()
    {
        using var work = new TempDirectory();
        AssertRefused(await Scrm.RunAsync(work.Path, "extension", "create", "notes", "--sdk", work.Path, "--json"), ExitCodes.Usage, "sdk_not_found");
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task Build_without_the_compiler_installed_says_so()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "notes", "--sdk", SdkFolder)).ExitCode);

        AssertRefused(await Scrm.RunAsync(work.Combine("notes"), "extension", "build", "--json"), ExitCodes.Validation, "asc_missing");
    }

    [Fact]
    public async Task A_scaffold_builds_with_asc_and_packs_into_a_bundle_with_handler_ui_and_bridge()
    {
        using var work = new TempDirectory();
        var created = await Scrm.RunAsync(work.Path, "extension", "create", "trip-notes", "--sdk", SdkFolder, "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var project = work.Combine("trip-notes");
        var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "package.json"))).RootElement;
        Assert.Equal("trip-notes", package.GetProperty("selegic").GetProperty("extension").GetProperty("slug").GetString());
        Assert.StartsWith("file:", package.GetProperty("devDependencies").GetProperty("@selegic/scrm-handler").GetString());
        UseSampleNodeModules(project);

        var build = await Scrm.RunAsync(project, "extension", "build", "--json");
        Assert.True(build.ExitCode == 0, build.ToString());
        var handler = File.ReadAllBytes(Path.Combine(project, "dist", "handler.wasm"));
        Assert.Equal("\0asm"u8.ToArray(), handler[..4]);

        var pack = await Scrm.RunAsync(project, "extension", "pack", "--json");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var files = pack.Json().GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(["handler.wasm", "manifest.json", "ui/app.js", "ui/index.html", "ui/scrm-iframe.js", "ui/style.css"], files);
    }

    [Fact]
    public async Task Dev_once_builds_starts_the_embedded_server_publishes_installs_and_the_route_answers()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "dev-notes", "--sdk", SdkFolder)).ExitCode);
        var project = work.Combine("dev-notes");
        UseSampleNodeModules(project);

        var dev = await Scrm.RunAsync(project, "extension", "dev", "--port", "0", "--once", "--json");

        Assert.True(dev.ExitCode == 0, dev.ToString());
        var result = dev.Json();
        Assert.Equal("dev", result.GetProperty("tenant").GetString());
        Assert.Equal("/note", result.GetProperty("probedRoute").GetString());
        Assert.Equal(200, result.GetProperty("probeStatus").GetInt32());
        Assert.EndsWith("/admin/", result.GetProperty("adminUrl").GetString());
        Assert.True(Directory.Exists(Path.Combine(project, ".scrm-dev")));
    }

    [Fact]
    public async Task Dev_on_a_busy_port_is_a_usage_error_naming_the_port_and_the_port_option_without_a_stack_trace()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "busy-port", "--sdk", SdkFolder)).ExitCode);
        var project = work.Combine("busy-port");
        UseSampleNodeModules(project);
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port.ToString();

        var json = await Scrm.RunAsync(project, "extension", "dev", "--port", port, "--once", "--json");
        var human = await ScrmProcess.RunAsync(project, new Dictionary<string, string>(), "extension", "dev", "--port", port, "--once");

        AssertRefused(json, ExitCodes.Usage, "port_in_use");
        Assert.Contains(port, json.Json().GetProperty("message").GetString());
        Assert.Contains("--port", json.Json().GetProperty("hint").GetString());
        Assert.Equal(ExitCodes.Usage, human.ExitCode);
        Assert.Contains($"error: port_in_use: Port {port} on 127.0.0.1 is already in use", human.Stderr);
        Assert.DoesNotContain("   at ", human.Stderr + human.Stdout); // no stack frames, not even in a log line
        Assert.Empty(human.Stdout);
    }

    [Fact]
    public async Task A_handler_that_does_not_compile_is_refused_with_the_compiler_output_and_no_old_handler_is_left()
    {
        using var work = new TempDirectory();
        Assert.Equal(0, (await Scrm.RunAsync(work.Path, "extension", "create", "broken", "--sdk", SdkFolder)).ExitCode);
        var project = work.Combine("broken");
        Directory.CreateDirectory(Path.Combine(project, "dist"));
        File.WriteAllBytes(Path.Combine(project, "dist", "handler.wasm"), "\0asm\u0001\0\0\0"u8.ToArray()); // an earlier build's output
        File.WriteAllText(Path.Combine(project, "handler", "index.ts"), "export function scrm_handle(ptr: i32, len: i32): i64 { return undefinedName; }\n");
        UseSampleNodeModules(project);

        var build = await Scrm.RunAsync(project, "extension", "build", "--json");

        AssertRefused(build, ExitCodes.Validation, "handler_build_failed");
        Assert.Contains("undefinedName", build.Json().GetProperty("message").GetString());
        Assert.False(File.Exists(Path.Combine(project, "dist", "handler.wasm")));
    }

    /// <summary>The scaffold's dependencies are the sample's (same SDKs, same asc), so no test downloads anything.</summary>
    private static void UseSampleNodeModules(string project)
    {
        Assert.True(Directory.Exists(Path.Combine(SampleNodeModules, "assemblyscript")), $"Run `npm ci` in {Path.GetDirectoryName(SampleNodeModules)} first (scripts/test.sh does).");
        Directory.CreateSymbolicLink(Path.Combine(project, "node_modules"), SampleNodeModules);
    }
}
