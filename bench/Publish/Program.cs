using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Registry;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tenants;

// Publish benchmark: a 10 MiB bundle through (1) validation only (checksum + archive/manifest checks)
// and (2) the whole registry publish (validation, blob store write, version row, audit record; the store writer
// directly, without the ExtensionVersion grain in front of it)
// against the embedded default (SQLite + filesystem blob store in a temp directory).
// Usage: dotnet run -c Release --project bench/Publish [-- iterations]
var iterations = args.Length > 0 ? int.Parse(args[0]) : 20;
const int warmup = 3;
const int bundleMiB = 10;

var root = Path.Combine(Path.GetTempPath(), "scrm-bench-publish-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
try
{
    Console.WriteLine($"Building {warmup + iterations} bundles of {bundleMiB} MiB (random content: compresses ~1:1, like wasm and images)...");
    // The declared checksum is the publisher's (computed client-side), so it is not part of the timing.
    var bundles = Enumerable.Range(0, warmup + iterations).Select(i => BuildBundle($"1.0.{i}", bundleMiB))
        .Select(bytes => (Bytes: bytes, Declared: ContentHash.Compute(bytes))).ToArray();
    Console.WriteLine($"bundle size: {bundles[0].Bytes.Length / 1048576.0:F2} MiB compressed");

    var limits = BundleLimits.Default;
    var validate = await Measure("validate (sha256 + BundleReader)", bundles, bundle =>
    {
        ContentHash.Verify(bundle.Bytes, bundle.Declared);
        _ = BundleReader.Read(bundle.Bytes, limits);
        return Task.CompletedTask;
    });

    await using var store = MetadataStoreFactory.Create(new MetadataStoreOptions { Provider = MetadataStoreProvider.Sqlite, SqlitePath = Path.Combine(root, "extensions.db") });
    await store.MigrateAsync(CancellationToken.None);
    var blobs = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = Path.Combine(root, "blobs") });
    var time = TimeProvider.System;
    var audit = new AuditLog(store, time);
    var tenant = (await new TenantService(store, time).CreateTenantAsync("bench-tenant", CancellationToken.None)).Tenant;
    var publish = new PublishService(new StoreVersionWriter(store, blobs, time), audit, new PublisherSignatureVerifier(store), limits);
    var full = await Measure("validate + store (PublishService: blob, row, audit; SQLite + filesystem)", bundles, bundle =>
        publish.PublishAsync(tenant, new PublishRequest("bench-ext", bundle.Bytes, bundle.Declared, null, "bench"), CancellationToken.None));

    Console.WriteLine();
    Console.WriteLine($"| scenario | iterations | median ms | p95 ms | min ms | MiB/s (median) |");
    Console.WriteLine($"| --- | --- | --- | --- | --- | --- |");
    foreach (var result in new[] { validate, full })
        Console.WriteLine(result);
    Console.WriteLine();
    Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
}
finally
{
    Directory.Delete(root, recursive: true);
}

async Task<string> Measure(string name, (byte[] Bytes, string Declared)[] inputs, Func<(byte[] Bytes, string Declared), Task> run)
{
    for (var i = 0; i < warmup; i++)
        await run(inputs[i]);
    var samples = new List<double>();
    for (var i = warmup; i < inputs.Length; i++)
    {
        var watch = Stopwatch.StartNew();
        await run(inputs[i]);
        samples.Add(watch.Elapsed.TotalMilliseconds);
    }
    samples.Sort();
    var median = samples[samples.Count / 2];
    var p95 = samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.95) - 1)];
    var mib = inputs[0].Bytes.Length / 1048576.0;
    return $"| {name} | {samples.Count} | {median:F1} | {p95:F1} | {samples[0]:F1} | {mib / (median / 1000):F0} |";
}

static byte[] BuildBundle(string version, int mib)
{
    var manifest = $$"""
        {"slug":"bench-ext","name":"Benchmark","version":"{{version}}","description":"10 MiB publish benchmark",
         "publisher":"bench","runtime":"wasm@1","capabilities":[],"ui":{"type":"iframe","entry":"ui/index.html"} }
        """;
    using var tar = new MemoryStream();
    using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
    {
        void Add(string path, byte[] content) =>
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
        Add("manifest.json", Encoding.UTF8.GetBytes(manifest));
        Add("ui/index.html", "<!doctype html><title>bench</title>"u8.ToArray());
        // Five 2 MiB assets: under the 10 MiB per-file cap, 10 MiB in all.
        for (var i = 0; i < 5; i++)
            Add($"ui/assets/chunk{i}.bin", RandomNumberGenerator.GetBytes(mib * 1048576 / 5));
    }
    using var gz = new MemoryStream();
    using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        gzip.Write(tar.GetBuffer(), 0, (int)tar.Length);
    return gz.ToArray();
}
