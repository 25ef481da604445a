using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.TestSupport;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>
/// tests/Shared/Programs/JavaScript/handler.ts built once per test run by the real toolchain
/// (<see cref="JavaScriptHandlers"/>) and run by one <see cref="LocalRunner"/> shared by the
/// tests that use it: compiling a component takes seconds, so its precompiled artifact is kept in
/// a real filesystem blob store under the test cache and later runs deserialize it.
/// </summary>
public sealed class JavaScriptHandler
{
    public static readonly string PrecompiledDirectory =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "selegic-runner-tests", "precompiled")).FullName;

    public JavaScriptHandler()
    {
        Component = JavaScriptHandlers.TestHandler;
        Module = Source.Add(Component);
        Runner = new LocalRunner(Cache(), Actions);
    }

    /// <summary>A new cache over the shared precompiled artifacts: it deserializes rather than compiles.</summary>
    public CompiledModuleCache Cache()
    {
        var blobs = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = PrecompiledDirectory });
        return new CompiledModuleCache(Source, new ModuleCacheOptions
        {
            PrecompiledModules = new BlobPrecompiledModuleStore(blobs.GetAsync, blobs.ReplaceAsync),
        });
    }

    public byte[] Component { get; }
    public InMemoryModuleSource Source { get; } = new();
    public ModuleReference Module { get; }
    public ActionInvokerTestDouble Actions { get; } = new();
    public LocalRunner Runner { get; }
}
