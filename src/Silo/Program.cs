using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Grains.Versions;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Silo;

// The headless silo host: a cluster member without HTTP, for the split topology (docs/cluster.md).
// For now it joins the cluster on PostgreSQL and takes part in membership and change pushes; the
// grains that need the control plane's stores stay on the Frontend nodes until the split lands.
var builder = Host.CreateApplicationBuilder(args);
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
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"Cannot start (invalid_configuration): {string.Join(" ", e.Failures)}");
    return 2;
}

await using (var store = MetadataStoreFactory.Create(new MetadataStoreOptions { Provider = MetadataStoreProvider.Postgres, PostgresConnectionString = connectionString }))
    await store.MigrateAsync(CancellationToken.None); // the membership tables are part of the schema

builder.UseOrleans(silo =>
{
    silo.AddExtensionsSilo(new SiloTopology(settings, connectionString));
    silo.Services.Configure<GrainTypeOptions>(grains =>
    {
        grains.Classes.Remove(typeof(ExtensionVersionGrain));
        grains.Classes.Remove(typeof(ExecutionGrain)); // no runner composition here yet
    });
});
await builder.Build().RunAsync();
return 0;
