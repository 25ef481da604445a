using Microsoft.Extensions.Options;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Sandbox;
using Selegic.Extensions.Runner.Remote;
using Selegic.Extensions.Runner.Service.Endpoints;
using Selegic.Extensions.Runner.Service.Modules;

namespace Selegic.Extensions.Runner.Service.Hosting;

/// <summary>
/// Builds the Runner service. It holds no database connection and no token-signing key: modules
/// come from the blob store by content hash (re-verified) and action calls go to the Action API
/// with the token the Frontend minted for the request. Program.cs and the tests both build it here.
/// </summary>
public static class RunnerServiceHost
{
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RunnerWire.MaxExecuteRequestBytes);

        var options = builder.Configuration.GetSection(RunnerServiceOptions.SectionName).Get<RunnerServiceOptions>() ?? new RunnerServiceOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new OptionsValidationException(RunnerServiceOptions.SectionName, typeof(RunnerServiceOptions), problems);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new RunnerRequestSignature(options.SharedSecrets));
        services.AddHttpClient("actions", http => http.Timeout = TimeSpan.FromSeconds(options.ActionTimeoutSeconds));
        services.AddSingleton<IBlobStore>(_ =>
            BlobStoreFactory.CreateAsync(name => builder.Configuration[name], options.BlobDirectory, CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton<IModuleSource, BlobStoreModuleSource>();
        services.AddSingleton<IActionInvoker>(provider => new HttpActionInvoker(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient("actions"), new Uri(options.ActionApiUrl.TrimEnd('/') + "/")));
        services.AddSingleton(provider =>
        {
            var blobs = provider.GetRequiredService<IBlobStore>();
            return new CompiledModuleCache(provider.GetRequiredService<IModuleSource>(), new ModuleCacheOptions
            {
                MaxEstimatedBytes = options.ModuleCacheBytes,
                PrecompiledModules = new BlobPrecompiledModuleStore(blobs.GetAsync, blobs.ReplaceAsync),
                BaselineEngine = SandboxEngine.SharedBaseline,
            });
        });
        services.AddSingleton(provider => new LocalRunner(
            provider.GetRequiredService<CompiledModuleCache>(), provider.GetRequiredService<IActionInvoker>(),
            new LocalRunnerOptions { MaxConcurrentExecutions = options.MaxConcurrentExecutions }));

        var app = builder.Build();
        _ = app.Services.GetRequiredService<IBlobStore>(); // GCS credentials load at start, not on the first request
        app.MapGet("/healthz", (CompiledModuleCache cache) => Results.Json(new { status = "ok", modules = cache.Statistics }));
        app.MapExecute();
        return app;
    }
}
