using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Cli.Tests.Support;
using static Selegic.Extensions.Cli.Tests.Support.ScrmAssert;

namespace Selegic.Extensions.Cli.Tests.Extension;

public sealed class PackTests
{
    [Fact]
    public async Task Pack_writes_the_bundle_and_prints_its_path_size_and_sha256()
    {
        using var folder = new ExtensionFolder();

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var path = Path.Combine(folder.Path, "vacation-trip-1.0.0.tar.gz");
        var bytes = File.ReadAllBytes(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Contains(path, run.Stdout);
        Assert.Contains($"({bytes.Length} bytes)", run.Stdout);
        Assert.Contains(sha256, run.Stdout);
        Assert.Equal(["handler/handler.wasm", "manifest.json", "ui/index.html"],
            ExtensionFolder.ReadBundle(path).Keys.Where(k => !k.EndsWith('/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pack_json_output_has_path_size_hash_files_and_skipped()
    {
        using var folder = new ExtensionFolder();
        var output = Path.Combine(folder.Path, "out", "b.tar.gz");

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--out", "out/b.tar.gz", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        var bytes = File.ReadAllBytes(output);
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal("vacation-trip", json.GetProperty("slug").GetString());
        Assert.Equal("1.0.0", json.GetProperty("version").GetString());
        Assert.Equal(output, json.GetProperty("path").GetString());
        Assert.Equal(bytes.Length, json.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), json.GetProperty("sha256").GetString());
        Assert.Equal("sha256:" + json.GetProperty("sha256").GetString(), json.GetProperty("contentHash").GetString());
        Assert.Equal(["handler/handler.wasm", "manifest.json", "ui/index.html"],
            json.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(JsonValueKind.Array, json.GetProperty("skipped").ValueKind);
    }

    [Fact]
    public async Task Pack_leaves_out_dotfiles_hidden_directories_and_node_modules_at_any_depth()
    {
        using var folder = new ExtensionFolder();
        folder.Write(".env", "API_TOKEN=secret");
        folder.Write(".git/config", "[core]");
        folder.Write("ui/.DS_Store", "junk");
        folder.Write("ui/.cache/asset.js", "cached");
        folder.Write("node_modules/left-pad/index.js", "module.exports = 1");
        folder.Write("ui/app.js", "console.log('kept')");

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var entries = ExtensionFolder.ReadBundle(run.Json().GetProperty("path").GetString()!);
        Assert.Contains("ui/app.js", entries.Keys);
        Assert.DoesNotContain(entries.Keys, k => k.Split('/').Any(segment => segment.StartsWith('.') || segment == "node_modules"));
        Assert.Equal([".env", ".git", "node_modules", "ui/.DS_Store", "ui/.cache"],
            run.Json().GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Pack_is_deterministic_and_never_packs_its_own_earlier_output()
    {
        using var folder = new ExtensionFolder();

        var first = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");
        var second = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        Assert.Equal(first.Json().GetProperty("sha256").GetString(), second.Json().GetProperty("sha256").GetString());
        Assert.Contains("vacation-trip-1.0.0.tar.gz", second.Json().GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Package_json_defaults_choose_the_bundle_directory_and_manifest_and_fill_missing_fields()
    {
        using var folder = new ExtensionFolder(contentSubdirectory: "dist");
        File.Delete(Path.Combine(folder.ContentPath, "manifest.json"));
        var manifest = ExtensionFolder.Manifest("ignored", "2.1.0");
        manifest.Remove("slug");
        manifest.Remove("name");
        manifest.Remove("description");
        folder.WriteAtRoot("config/extension.json", manifest.ToJsonString());
        folder.WriteAtRoot("src/handler.ts", "// source, not packed");
        folder.WriteAtRoot("package.json", """
            {"name":"@acme/vacation-trip","version":"0.0.0",
             "selegic":{"extension":{"slug":"vacation-trip","bundlePath":"dist","manifest":"config/extension.json",
                                     "name":"Vacation trip planner","description":"From package.json"}}}
            """);

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = run.Json();
        Assert.Equal("vacation-trip", json.GetProperty("slug").GetString());
        Assert.Equal("2.1.0", json.GetProperty("version").GetString());
        Assert.Equal(Path.Combine(folder.Path, "vacation-trip-2.1.0.tar.gz"), json.GetProperty("path").GetString());
        var entries = ExtensionFolder.ReadBundle(json.GetProperty("path").GetString()!);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("src") || k.StartsWith("config") || k == "package.json");
        var packed = JsonNode.Parse(Encoding.UTF8.GetString(entries["manifest.json"]))!.AsObject();
        Assert.Equal("vacation-trip", (string?)packed["slug"]);
        Assert.Equal("Vacation trip planner", (string?)packed["name"]);
        Assert.Equal("From package.json", (string?)packed["description"]);
    }

    [Fact]
    public async Task Manifest_values_win_over_package_json_name_and_description()
    {
        using var folder = new ExtensionFolder();
        folder.WriteAtRoot("package.json", """{"selegic":{"extension":{"name":"Other name","description":"Other"}}}""");

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var packed = JsonNode.Parse(ExtensionFolder.ReadBundle(run.Json().GetProperty("path").GetString()!)["manifest.json"])!;
        Assert.Equal("Vacation trip", (string?)packed["name"]);
        Assert.Equal("Plan trips from CRM contacts", (string?)packed["description"]);
    }

    [Fact]
    public async Task A_package_json_slug_that_contradicts_the_manifest_is_refused()
    {
        using var folder = new ExtensionFolder();
        folder.WriteAtRoot("package.json", """{"selegic":{"extension":{"slug":"other-extension"}}}""");

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        AssertRefused(run, ExitCodes.Validation, "slug_mismatch");
    }

    [Theory]
    [InlineData("""{"selegic":{"extension":{"slug":42}}}""")]
    [InlineData("""{"selegic":{"extension":"vacation-trip"}}""")]
    [InlineData("""{"selegic": """)]
    public async Task A_malformed_package_json_is_refused(string packageJson)
    {
        using var folder = new ExtensionFolder();
        folder.WriteAtRoot("package.json", packageJson);

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        AssertRefused(run, ExitCodes.Validation, "package_json_invalid");
    }

    [Theory]
    [InlineData("Vacation_Trip", "1.0.0", "invalid_slug")]
    [InlineData("../escape", "1.0.0", "invalid_slug")]
    [InlineData("vacation-trip", "1.0", "invalid_version")]
    [InlineData("vacation-trip", "01.0.0", "invalid_version")]
    [InlineData("vacation-trip", "1.0.0+build.5", "invalid_version")]
    public async Task Unsafe_slugs_and_non_semver_versions_are_refused_with_exit_code_3(string slug, string version, string code)
    {
        using var folder = new ExtensionFolder(slug: slug, version: version);

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        AssertRefused(run, ExitCodes.Validation, code);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tar.gz"));
    }

    [Fact]
    public async Task An_unknown_manifest_field_is_refused_naming_the_field()
    {
        using var folder = new ExtensionFolder();
        var manifest = ExtensionFolder.Manifest("vacation-trip", "1.0.0");
        manifest["permissions"] = "all";
        folder.WriteManifest(manifest);

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        AssertRefused(run, ExitCodes.Validation, "manifest_unknown_field");
        Assert.Contains("permissions", run.Json().GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_missing_manifest_is_refused()
    {
        using var folder = new ExtensionFolder();
        File.Delete(Path.Combine(folder.Path, "manifest.json"));

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "pack", "--json"), ExitCodes.Validation, "manifest_missing");
    }

    [Fact]
    public async Task A_handler_named_in_the_manifest_but_not_built_is_refused()
    {
        using var folder = new ExtensionFolder();
        File.Delete(Path.Combine(folder.Path, "handler", "handler.wasm"));

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "pack", "--json"), ExitCodes.Validation, "handler_missing");
    }

    [Fact]
    public async Task A_ui_at_the_folder_root_holding_the_handler_is_refused_as_the_server_would()
    {
        using var folder = new ExtensionFolder();
        var manifest = ExtensionFolder.Manifest("vacation-trip", "1.0.0");
        manifest["ui"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "iframe", ["entry"] = "index.html" };
        folder.WriteManifest(manifest);
        folder.Write("index.html", "<!doctype html><title>at the root</title>");

        var run = await Scrm.RunAsync(folder.Path, "extension", "pack", "--json");

        AssertRefused(run, ExitCodes.Validation, "ui_folder_contains_handler");
        Assert.Contains("handler/handler.wasm", run.Json().GetProperty("message").GetString());
    }

    [Fact]
    public async Task More_entries_than_the_archive_limit_are_refused_locally()
    {
        using var folder = new ExtensionFolder();
        for (var i = 0; i < 1000; i++) folder.Write($"ui/assets/{i:D4}.txt", "x");

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "pack", "--json"), ExitCodes.Validation, "archive_too_many_entries");
    }

    [Fact]
    public async Task A_symbolic_link_in_the_folder_is_refused()
    {
        using var folder = new ExtensionFolder();
        File.CreateSymbolicLink(Path.Combine(folder.Path, "ui", "passwd"), "/etc/passwd");

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "pack", "--json"), ExitCodes.Validation, "archive_symlink");
    }

    [Fact]
    public async Task A_missing_directory_is_a_usage_error()
    {
        using var folder = new ExtensionFolder();

        AssertRefused(await Scrm.RunAsync(folder.Path, "extension", "pack", "no-such-dir", "--json"), ExitCodes.Usage, "directory_missing");
    }
}
