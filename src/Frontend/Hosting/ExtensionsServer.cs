using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Selegic.Extensions.Frontend.Actions;
using Selegic.Extensions.Frontend.Admin;
using Selegic.Extensions.Frontend.Assets;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Endpoints;
using Selegic.Extensions.Frontend.Gateway;
using Selegic.Extensions.Frontend.Operations;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform;
using Selegic.Extensions.Silo;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>What a start produced: the bound addresses and, on the very first start, the generated admin key.</summary>
public sealed record StartedServer(IReadOnlyList<string> Urls, string? GeneratedAdminKey);

/// <summary>
/// Builds and starts the server. Program.cs and the HTTP tests both go through here,
/// so the tests exercise exactly the composition that ships.
/// </summary>
public static class ExtensionsServer
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        // appsettings*.json ship next to the binary; relative data paths resolve against the
        // caller's working directory (dotnet run keeps it, see RunWorkingDirectory in the csproj).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();

        // Body limits are enforced by Kestrel itself (413 before the body is buffered).
        var limits = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = limits.MaxRequestBodyBytes);

        // Binding failures are thrown, not answered with a bare 400, so the problem document can name
        // the field and what is wrong with it (Problems/BindingProblem).
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in Contracts.Api.ApiJson.Options.Converters)
                json.SerializerOptions.Converters.Add(converter);
        });
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CallerClaims.PlatformAdminPolicy, CallerClaims.RequirePlatformAdmin);
        builder.Services.AddSingleton<TenantAccess>();
        builder.Services.AddSingleton<RefusalFilter>();
        builder.Services.AddPlatform(builder.Configuration);
        builder.Services.AddActions(builder.Configuration);
        builder.Services.AddGateway(builder.Configuration);
        builder.Services.AddOperations(builder.Configuration);
        var topology = ClusterComposition.Topology(builder.Configuration);
        if (topology.Settings.IsClient)
            builder.UseOrleansClient(client => client.AddExtensionsClient(topology));
        else
            builder.UseOrleans(silo => silo.AddExtensionsSilo(topology));

        var app = builder.Build();
        app.UseProblemDocuments();
        app.UseExtensionUiIsolation();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOperations();
        MapEndpoints(app);
        return app;
    }

    private static void MapEndpoints(WebApplication app)
    {
        HealthEndpoints.Map(app);

        var api = app.MapGroup("/api/v1").RequireAuthorization().AddEndpointFilter<RefusalFilter>();
        var tenant = api.MapGroup("/tenants/{tenant}").AddEndpointFilter<TenantAccess>();
        TenantEndpoints.Map(api, tenant);
        PublishEndpoints.Map(tenant);
        ExtensionEndpoints.Map(tenant);
        PublisherKeyEndpoints.Map(tenant);
        AuditEndpoints.Map(tenant);
        InstallationEndpoints.Map(tenant);
        TokenEndpoints.Map(app, tenant);
        ActionEndpoints.Map(app);
        ActionManagementEndpoints.Map(tenant);
        app.MapGateway(tenant);
        VersionManifestEndpoint.Map(tenant);
        AdminPage.Map(app);
        LandingPage.Map(app);
    }

    /// <summary>Prepares the stores, then starts listening; the addresses have port 0 resolved.</summary>
    public static async Task<StartedServer> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var generatedAdminKey = await app.Services.InitializePlatformAsync(app.Configuration, cancellationToken);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return new StartedServer(addresses?.ToArray() ?? [], generatedAdminKey);
    }

    /// <summary>The process entry point: start, print the URL (and a freshly generated admin key), run until stopped.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        StartedServer started;
        try
        {
            app = Build(args);
            started = await StartAsync(app);
        }
        catch (OptionsValidationException invalid)
        {
            Console.Error.WriteLine("Invalid configuration:");
            foreach (var failure in invalid.Failures)
                Console.Error.WriteLine($"  - {failure}");
            return 2;
        }
        catch (PlatformException startFailure)
        {
            Console.Error.WriteLine($"Cannot start ({startFailure.Code}): {startFailure.Message}");
            return 2;
        }

        foreach (var url in started.Urls)
            Console.WriteLine($"Extensions platform listening on {url}");
        if (started.GeneratedAdminKey is { } adminKey)
        {
            Console.WriteLine($"Platform admin key (generated on this first start and shown only once; keep it safe): {adminKey}");
            Console.WriteLine($"  create a tenant: curl -H 'Authorization: Bearer {adminKey}' -H 'Content-Type: application/json' -d '{{\"slug\":\"acme-corp\"}}' {started.Urls.FirstOrDefault()}/api/v1/tenants");
        }
        await app.WaitForShutdownAsync();
        return 0;
    }
}
