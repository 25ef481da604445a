using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Gateway;

/// <summary>
/// examples/vacation-trip built by its own asc (node_modules from `npm ci`) and called through the
/// gateway with the platform's default limits (64 MiB memory, 1 MiB body) on PostgreSQL.
/// </summary>
public sealed class VacationTripGatewayTests(PostgresServer fixture) : IClassFixture<PostgresServer>
{
    private static readonly string Sample = Path.Combine(GatewayKit.RepositoryRoot, "examples", "vacation-trip");

    [Theory]
    [InlineData(12 * 1024)] // 507 handler_memory_limit before the SDK's parser was made linear
    [InlineData(1024 * 1024 - 1024)]
    public async Task A_trip_with_hundreds_to_tens_of_thousands_of_small_objects_is_created(int bodyBytes)
    {
        var (tenant, key) = await fixture.Server.NewTenantAsync("vt");
        using var admin = fixture.Server.WithKey(key);
        using (var published = await admin.PublishAsync(tenant, "vacation-trip", Bundle()))
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        using (var installed = await admin.PostAsJsonAsync(Api.TenantRoute(tenant, "/installations"),
                   new { extension = "vacation-trip", version = "1.0.0", grants = new[] { "cap:storage.kv", "cap:log.write" } }))
            Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync());

        var (body, objects) = TripWithStops(bodyBytes);
        using var created = await admin.PostAsync("/api/ext/vacation-trip/trips", new StringContent(body, Encoding.UTF8, "application/json"));
        var trip = await created.JsonAsync(HttpStatusCode.Created);
        using var listed = await admin.GetAsync("/api/ext/vacation-trip/trips");
        var trips = (await listed.JsonAsync()).GetProperty("trips");

        Assert.InRange(objects, bodyBytes / 20, bodyBytes / 10);
        Assert.Equal("Lisbon \"old town\"", trip.GetProperty("destination").GetString());
        Assert.Equal(trip.GetProperty("id").GetString(), Assert.Single(trips.EnumerateArray()).GetProperty("id").GetString());
    }

    /// <summary>A valid trip padded with a "stops" array of small objects (ignored by the handler) up to <paramref name="bytes"/>.</summary>
    private static (string Body, int Objects) TripWithStops(int bytes)
    {
        var json = new StringBuilder("""{"destination":"Lisbon \"old town\"","startDate":"2026-07-01","endDate":"2026-07-08","notes":"","stops":[""");
        var objects = 0;
        for (; ; objects++)
        {
            var stop = $$"""{"n":{{objects}},"c":"x"}""";
            if (json.Length + stop.Length + 3 > bytes) break;
            if (objects > 0) json.Append(',');
            json.Append(stop);
        }
        return (json.Append("]}").ToString(), objects);
    }

    private static byte[] Bundle()
    {
        var ui = Path.Combine(Sample, "ui");
        var files = new List<(string, byte[])>
        {
            ("manifest.json", File.ReadAllBytes(Path.Combine(Sample, "manifest.json"))),
            ("handler.wasm", Handler.Value),
        };
        files.AddRange(Directory.GetFiles(ui).Order().Select(f => ("ui/" + Path.GetFileName(f), File.ReadAllBytes(f))));
        return TestBundles.Files(files.ToArray());
    }

    private static readonly Lazy<byte[]> Handler = new(() =>
    {
        var asc = Path.Combine(Sample, "node_modules", "assemblyscript", "bin", "asc.js");
        if (!File.Exists(asc)) throw new InvalidOperationException($"Run `npm ci` in {Sample} first (scripts/test.sh does).");
        var sources = Directory.GetFiles(Path.Combine(GatewayKit.RepositoryRoot, "sdk", "assemblyscript", "assembly"), "*.ts").Order()
            .Prepend(Path.Combine(Sample, "handler", "index.ts")).SelectMany(File.ReadAllBytes).ToArray();
        var output = Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "scrm-gateway-tests")).FullName,
            "vacation-trip-" + Convert.ToHexStringLower(SHA256.HashData(sources))[..16] + ".wasm");
        if (!File.Exists(output))
        {
            var temporary = output + "." + Guid.NewGuid().ToString("N");
            GatewayKit.Run("node", asc, "--baseDir", Sample, "handler/index.ts", "-o", temporary, "--optimize", "--runtime", "stub");
            File.Move(temporary, output, overwrite: true);
        }
        return File.ReadAllBytes(output);
    });
}
