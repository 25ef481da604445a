using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Hosting;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>
/// `scrm extension dev [DIR] [--port N] [--once] [--json]`: builds the extension, starts the
/// embedded server in this process (SQLite and files under DIR/.scrm-dev, wiped on every start so
/// the unchanged version can be published again), creates the tenant <c>dev</c>, publishes,
/// installs with every capability the manifest asks for, and prints the admin page URL and the
/// tenant key. Serves until Ctrl+C; <c>--once</c> calls the first parameterless GET route through
/// the gateway instead and stops (a smoke test for CI).
/// </summary>
public static class DevCommand
{
    public const string DevTenant = "dev";
    public const string DataFolder = ".scrm-dev";

    public sealed record Result(bool Ok, string Server, string AdminUrl, string Tenant, string ApiKey, string Slug, string Version,
        string ContentHash, string? ProbedRoute, int? ProbeStatus);

    public static Command Create(CliEnvironment environment)
    {
        var directory = ExtensionCommands.DirectoryArgument();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 5080 };
        var once = new Option<bool>("--once") { Description = "Set up, call the first parameterless GET route once, print its status and stop" };
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("dev",
            "Build, start a local server (embedded default, data in DIR/.scrm-dev), publish and install the extension for tenant 'dev', " +
            "and print the admin page URL. " + ExitCodes.HelpText)
        {
            directory, port, once, json,
        };
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, async (cli, token) =>
        {
            var root = environment.ResolvePath(parseResult.GetValue(directory)!);
            await ExtensionBuild.RunAsync(root, cli.Note, token);
            var bundle = BundleBuilder.Build(ExtensionPackage.Load(root));
            var portNumber = parseResult.GetValue(port);
            if (portNumber is < 0 or > 65535)
                throw CliException.Usage("invalid_port", $"--port {portNumber} is not a TCP port.");

            var data = Path.Combine(root, DataFolder);
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            var adminKey = "dev-admin-" + Guid.NewGuid().ToString("N");
            var app = ExtensionsServer.Build([
                $"--urls=http://127.0.0.1:{portNumber}", $"--Extensions:DataDirectory={data}", "--Extensions:MetadataStore=sqlite",
                $"--EXTENSIONS_ADMIN_API_KEY={adminKey}", "--Logging:LogLevel:Default=Warning",
                // a failed start is reported once by this verb, not a second time by the host's logger with a stack trace
                "--Logging:LogLevel:Microsoft.Extensions.Hosting=None",
                // the co-hosted silo stopping after such a failed start is expected, not news for the developer
                "--Logging:LogLevel:Orleans=Error",
            ]);
            try
            {
                var server = new Uri((await StartAsync(app, portNumber, token)).Urls[0]);
                var tenantKey = await CreateTenantAsync(server, adminKey, token);
                using var api = new ScrmApiClient(new ServerConnection(server, DevTenant, tenantKey));
                await PublishAsync(api, bundle, token);
                await api.PostJsonAsync<JsonElement>(api.TenantPath("installations"),
                    new CreateInstallationRequest(bundle.Slug, bundle.Version, bundle.Bundle.Manifest.Capabilities), token);

                var route = bundle.Bundle.Manifest.Endpoints.FirstOrDefault(e => e.Method == "GET" && !e.Path.Contains(':'))?.Path;
                int? probe = parseResult.GetValue(once) && route is not null ? await ProbeAsync(server, tenantKey, bundle.Slug, route, token) : null;
                var admin = new Uri(server, "/admin/");
                cli.Result(new Result(true, server.ToString(), admin.ToString(), DevTenant, tenantKey, bundle.Slug, bundle.Version, bundle.ContentHash,
                        probe is null ? null : route, probe),
                    $"{bundle.Slug} {bundle.Version} is installed on {server}",
                    $"  admin page: {admin}  (tenant '{DevTenant}', key below)",
                    $"  tenant key: {tenantKey}",
                    $"  routes:     {server}api/ext/{bundle.Slug}/...",
                    probe is null ? "" : $"  GET {route}: {probe}");
                if (!parseResult.GetValue(once))
                {
                    cli.Note("Serving; Ctrl+C stops. Run `scrm extension dev` again after a change.");
                    try { await Task.Delay(Timeout.Infinite, token); }
                    catch (OperationCanceledException) { }
                }
                return ExitCodes.Success;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }, cancellation));
        return command;
    }

    private static async Task<StartedServer> StartAsync(WebApplication app, int port, CancellationToken token)
    {
        try
        {
            return await ExtensionsServer.StartAsync(app, token);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            throw CliException.Usage("port_in_use", $"Port {port} on 127.0.0.1 is already in use.",
                "Stop the program listening there, or pick another port with --port N (--port 0 picks a free one).");
        }
    }

    private static async Task<string> CreateTenantAsync(Uri server, string adminKey, CancellationToken token)
    {
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        var response = await http.PostAsJsonAsync("api/v1/tenants", new CreateTenantRequest(DevTenant), ApiJson.Options, token);
        if (!response.IsSuccessStatusCode)
            throw ScrmApiClient.Refusal((int)response.StatusCode, await response.Content.ReadAsStringAsync(token));
        return (await response.Content.ReadFromJsonAsync<TenantCreatedResponse>(ApiJson.Options, token))!.ApiKey;
    }

    private static Task<PublishResponse> PublishAsync(ScrmApiClient api, PackedBundle bundle, CancellationToken token)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(bundle.Bytes), PublishForm.Bundle, BundleBuilder.DefaultFileName(bundle.Slug, bundle.Version) },
            { new StringContent(bundle.Sha256Hex), PublishForm.Sha256 },
        };
        return api.PostAsync<PublishResponse>(api.TenantPath("extensions", bundle.Slug, "versions"), form, token);
    }

    /// <summary>
    /// The first call waits for the handler's compile: milliseconds for wasm@1, seconds (minutes on a
    /// busy machine) for a wasm-js@1 component, hence the long timeout.
    /// </summary>
    private static async Task<int> ProbeAsync(Uri server, string tenantKey, string slug, string route, CancellationToken token)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenantKey);
        using var response = await http.GetAsync($"api/ext/{slug}{route}", token);
        return (int)response.StatusCode;
    }
}
