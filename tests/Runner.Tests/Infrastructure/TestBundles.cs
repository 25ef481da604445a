using Selegic.Extensions.Contracts.Bundles;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>Real bundles (.tar.gz) packed by the platform's own packer from a scratch directory.</summary>
public static class TestBundles
{
    public static byte[] Pack(byte[]? handler, string slug = "runner-test", string version = "1.0.0")
    {
        var directory = Directory.CreateTempSubdirectory("runner-bundle-").FullName;
        try
        {
            var handlerLine = handler is null ? "" : "\"handler\": \"handler.wasm\",";
            File.WriteAllText(Path.Combine(directory, "manifest.json"), $$"""
                {
                  "slug": "{{slug}}", "name": "Runner test", "version": "{{version}}", "runtime": "wasm@1", {{handlerLine}}
                  "ui": { "type": "iframe", "entry": "ui/index.html" },
                  "api": { "endpoints": [ { "method": "GET", "path": "/" } ] }
                }
                """);
            if (handler is not null) File.WriteAllBytes(Path.Combine(directory, "handler.wasm"), handler);
            Directory.CreateDirectory(Path.Combine(directory, "ui"));
            File.WriteAllText(Path.Combine(directory, "ui", "index.html"), "<!doctype html><title>t</title>");
            return BundlePacker.Pack(directory).Bytes;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
