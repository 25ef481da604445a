using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Selegic.Extensions.Frontend.Problems;

namespace Selegic.Extensions.Frontend.Hosting;

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

        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseProblemDocuments();
        Endpoints.HealthEndpoints.Map(app);
        return app;
    }

    /// <summary>Starts listening; returns the bound addresses (port 0 resolved).</summary>
    public static async Task<IReadOnlyList<string>> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.ToArray() ?? [];
    }

    /// <summary>The process entry point: start, print the URL (and a freshly generated admin key), run until stopped.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        IReadOnlyList<string> urls;
        try
        {
            app = Build(args);
            urls = await StartAsync(app);
        }
        catch (OptionsValidationException invalid)
        {
            Console.Error.WriteLine("Invalid configuration:");
            foreach (var failure in invalid.Failures)
                Console.Error.WriteLine($"  - {failure}");
            return 2;
        }

        foreach (var url in urls)
            Console.WriteLine($"Extensions platform listening on {url}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
