using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>How a cold module became runnable.</summary>
public enum ModuleOrigin
{
    /// <summary>compiled by the optimizing engine</summary>
    Compiled,
    /// <summary>deserialized from a stored precompiled artifact</summary>
    Precompiled,
    /// <summary>compiled by the baseline engine; the optimized module follows in the background</summary>
    Baseline,
}

/// <param name="Wasm">the verified handler bytes, kept for the optimized compile that follows a baseline one</param>
internal sealed record LoadedModule(HandlerModule Module, ModuleOrigin Origin, bool ArtifactRejected, ReadOnlyMemory<byte> Wasm);

/// <summary>
/// Cold path of the module cache: fetch the stored bytes, verify their content hash, then load the
/// precompiled artifact made for this engine if there is an intact one, or else take the handler out
/// of a bundle and compile it (with the baseline engine first where one is configured and accepts
/// the module); check the wasm@1 shape. Every failure is a <see cref="RunnerException"/>.
/// </summary>
internal sealed class HandlerModuleLoader(IModuleSource source, SandboxEngine engine, ModuleCacheOptions options)
{
    private static ReadOnlySpan<byte> WasmMagic => "\0asm"u8;
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];

    public async Task<LoadedModule> LoadAsync(ModuleReference reference, CancellationToken cancellationToken)
    {
        byte[]? stored;
        try
        {
            stored = await source.GetAsync(reference, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RunnerException(RunnerCodes.ModuleSourceUnavailable, $"The module source failed to return {reference.ContentHash}: {e.Message}", e);
        }
        if (stored is null)
            throw new RunnerException(RunnerCodes.ModuleNotFound, $"No module is stored under {reference.ContentHash}.");

        var hash = reference.ContentHash;
        var actual = ContentHash.Compute(stored);
        if (actual != hash)
            throw new RunnerException(RunnerCodes.ModuleHashMismatch,
                $"The bytes stored under {hash} hash to {actual}: the blob was altered or mislabelled; refusing to run it.");

        var wasm = ExtractHandler(stored, hash);
        var key = PrecompiledArtifact.KeyFor(engine.Fingerprint, hash);
        var (precompiled, rejected) = await TryLoadPrecompiledAsync(key, hash, cancellationToken);
        if (precompiled is not null)
            return new LoadedModule(Describe(hash, precompiled, engine, wasm.Length), ModuleOrigin.Precompiled, false, wasm);

        // The baseline compiler refuses a few valid modules (features it lacks): those take the optimizing one.
        if (options.BaselineEngine is { } baseline && TryCompile(baseline, hash, wasm) is { } quick)
            return new LoadedModule(Describe(hash, quick, baseline, wasm.Length), ModuleOrigin.Baseline, rejected, wasm);
        return new LoadedModule(CompileOptimized(hash, wasm), ModuleOrigin.Compiled, rejected, wasm);
    }

    /// <summary>Compiles verified handler bytes with the optimizing engine.</summary>
    public HandlerModule CompileOptimized(string contentHash, ReadOnlyMemory<byte> wasm)
    {
        Module module;
        try
        {
            module = Module.FromBytes(engine.Engine, contentHash, wasm.Span);
        }
        catch (WasmtimeException e)
        {
            throw new RunnerException(RunnerCodes.ModuleInvalid, $"The handler of {contentHash} is not a valid WebAssembly module: {OneLine(e.Message)}", e);
        }
        return Describe(contentHash, module, engine, wasm.Length);
    }

    private static Module? TryCompile(SandboxEngine with, string contentHash, ReadOnlyMemory<byte> wasm)
    {
        try
        {
            return Module.FromBytes(with.Engine, contentHash, wasm.Span);
        }
        catch (WasmtimeException)
        {
            return null;
        }
    }

    /// <summary>Whether a module compiled here is to be stored precompiled.</summary>
    public bool StoresPrecompiled => options.PrecompiledModules is not null;

    /// <summary>Serializes <paramref name="module"/> and stores it for other processes (off the first call's path).</summary>
    public Task StoreAsync(HandlerModule module)
    {
        var artifact = PrecompiledArtifact.Wrap(engine.Fingerprint, module.ContentHash, module.Module.Serialize());
        return options.PrecompiledModules!.PutAsync(PrecompiledArtifact.KeyFor(engine.Fingerprint, module.ContentHash), artifact, CancellationToken.None);
    }

    /// <summary>
    /// The stored artifact as a module when it checks out; <c>Rejected</c> when one was there but was
    /// corrupt, foreign or refused by Wasmtime (it is then compiled and overwritten).
    /// </summary>
    private async Task<(Module? Module, bool Rejected)> TryLoadPrecompiledAsync(string key, string contentHash, CancellationToken cancellationToken)
    {
        if (options.PrecompiledModules is not { } store) return (null, false);
        byte[]? artifact;
        try
        {
            artifact = await store.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, false); // an unreachable store costs a compile, not the request
        }
        if (artifact is null) return (null, false);
        if (PrecompiledArtifact.Unwrap(artifact, engine.Fingerprint, contentHash) is not { } payload) return (null, true);
        try
        {
            return (Module.Deserialize(engine.Engine, contentHash, payload.Span), false);
        }
        catch (WasmtimeException)
        {
            return (null, true); // intact but not loadable by this Wasmtime build
        }
    }

    private HandlerModule Describe(string contentHash, Module module, SandboxEngine compiledBy, long wasmBytes)
    {
        GuestAbi.CheckModuleShape(module);
        var importsWasi = module.Imports.Any(i => i.ModuleName == GuestAbi.WasiModule);
        var importsActionCall = module.Imports.Any(i => i is { ModuleName: GuestAbi.HostModule, Name: GuestAbi.ActionCallImport });
        return new HandlerModule(contentHash, module, compiledBy, (long)(wasmBytes * options.BytesPerWasmByte), importsWasi, importsActionCall, GuestAbi.InitialMemoryPages(module));
    }

    private ReadOnlyMemory<byte> ExtractHandler(byte[] stored, string contentHash)
    {
        if (stored.AsSpan().StartsWith(WasmMagic)) return stored;
        if (!stored.AsSpan().StartsWith(GzipMagic))
            throw new RunnerException(RunnerCodes.ModuleInvalid, $"The bytes stored under {contentHash} are neither a wasm module nor a bundle (.tar.gz).");
        Bundle bundle;
        try
        {
            bundle = BundleReader.Read(stored, options.BundleLimits, contentHash); // verified by the caller
        }
        catch (BundleException e)
        {
            throw new RunnerException(RunnerCodes.ModuleInvalid, $"The bundle {contentHash} cannot be read ({e.Code}): {e.Message}", e);
        }
        return bundle.Handler
            ?? throw new RunnerException(RunnerCodes.ModuleInvalid, $"The bundle {contentHash} ({bundle.Manifest.Slug} {bundle.Manifest.Version}) has no handler.");
    }

    /// <summary>Wasmtime's message ("failed to parse ... Caused by: ...") on one line.</summary>
    private static string OneLine(string message) => string.Join(" ", message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
