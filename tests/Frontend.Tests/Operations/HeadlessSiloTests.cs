using System.Net;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Frontend.Tests.MultiNode;

namespace Selegic.Extensions.Frontend.Tests.Operations;

/// <summary>The headless silo (src/Silo) as its own process on a fresh PostgreSQL database: probes and metrics over HTTP.</summary>
public sealed class HeadlessSiloTests
{
    [Fact]
    public async Task The_headless_silo_answers_healthz_readyz_once_active_and_metrics_only_with_the_scrape_token()
    {
        await using var database = await PostgresDatabase.CreateAsync("silo");
        const string token = "silo-scrape-token-0123456789abcdef";
        await using var silo = await FrontendProcess.StartAsync("silo", Path.Combine(AppContext.BaseDirectory, "Selegic.Extensions.Silo.dll"),
            new Dictionary<string, string>
            {
                ["Extensions:PostgresConnectionString"] = database.ConnectionString,
                ["Extensions:Cluster:SiloPort"] = "0",
                ["Extensions:Cluster:GatewayPort"] = "0",
                ["Extensions:Cluster:AdvertisedAddress"] = "127.0.0.1",
            },
            new Dictionary<string, string> { ["EXTENSIONS_METRICS_TOKEN"] = token },
            TimeSpan.FromMinutes(2));
        using var anonymous = silo.Client();

        using (var health = await anonymous.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // Kestrel may answer before the silo has joined: ready is a liveness bound, not a speed claim.
        HttpStatusCode ready = 0;
        for (var attempt = 0; attempt < 120 && ready != HttpStatusCode.OK; attempt++)
        {
            if (attempt > 0) await Task.Delay(250);
            using var response = await anonymous.GetAsync("/readyz");
            ready = response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, ready);

        using (var refused = await anonymous.GetAsync("/metrics"))
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var scraper = silo.Client(token);
        using var scraped = await scraper.GetAsync("/metrics");
        var scrape = new PrometheusScrape(await scraped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.True(scrape.Has("orleans_catalog_activations") && scrape.Has("dotnet_gc_collections_total"), scrape.Text);
        using (var other = await anonymous.GetAsync("/api/v1/tenants"))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode); // a silo serves no API
    }
}
