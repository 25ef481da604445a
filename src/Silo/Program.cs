using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Grains.Installations;
using Selegic.Extensions.Grains.Maintenance;
using Selegic.Extensions.Grains.Tokens;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Silo;
using Selegic.Extensions.Silo.Operations;

// The headless silo host: a cluster member for the split topology (docs/cluster.md). It joins the
// cluster on PostgreSQL and takes part in membership and change pushes; the grains that need the
// control plane's stores stay on the Frontend nodes until the split lands. Over HTTP (default
// http://127.0.0.1:5081) it answers only /healthz, /readyz and /metrics.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
    builder.WebHost.UseUrls(SiloHost.DefaultUrl);
var connectionString = builder.Configuration["Extensions:PostgresConnectionString"];
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("Cannot start: a headless silo joins a cluster; set Extensions:PostgresConnectionString (the cluster's database).");
    return 2;
}

ClusterSettings settings;
try
{
    settings = ClusterSettings.From(builder.Configuration);
    if (settings.IsClient)
        throw new OptionsValidationException(ClusterSettings.SectionName, typeof(ClusterSettings),
            [$"{ClusterSettings.SectionName}:Role is 'client', but a headless silo is a silo; leave it unset."]);
    builder.Services.AddExtensionsMetrics(builder.Configuration);
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"Cannot start (invalid_configuration): {string.Join(" ", e.Failures)}");
    return 2;
}

var storeOptions = new MetadataStoreOptions { Provider = MetadataStoreProvider.Postgres, PostgresConnectionString = connectionString };
await using (var store = MetadataStoreFactory.Create(storeOptions))
    await store.MigrateAsync(CancellationToken.None); // the membership tables are part of the schema

builder.Services.AddSingleton(_ => MetadataStoreFactory.Create(storeOptions));
builder.UseOrleans(silo =>
{
    silo.AddExtensionsSilo(new SiloTopology(settings, connectionString));
    silo.Services.Configure<GrainTypeOptions>(grains =>
    {
        grains.Classes.Remove(typeof(ExtensionVersionGrain));
        grains.Classes.Remove(typeof(InstallationGrain));
        grains.Classes.Remove(typeof(TokenRevocationGrain));
        grains.Classes.Remove(typeof(MaintenanceGrain));
        grains.Classes.Remove(typeof(ExecutionGrain)); // no runner composition here yet
    });
});

var app = builder.Build();
SiloHost.MapProbes(app);
app.MapExtensionsMetrics();
await app.StartAsync();
foreach (var url in app.Urls)
    Console.WriteLine($"Headless silo listening on {url}");
await app.WaitForShutdownAsync();
return 0;
