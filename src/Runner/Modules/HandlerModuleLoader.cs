using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Components;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;
using Wasmtime.Components;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>How a cold module became runnable.</summary>
public enum ModuleOrigin { Compiled, Precompiled }

internal sealed record LoadedModule(HandlerModule Module, ModuleOrigin Origin, bool ArtifactRejected);

/// <summary>
/// Cold path of the module cache: fetch the stored bytes, verify their content hash, then load the
/// precompiled artifact made for this engine if there is an intact one, or else take the handler out
/// of a bundle and compile it; check the wasm@1 shape. A component (wasm-js@1) goes the same way on
/// the component engine (<paramref name="componentEngine"/>, made on first use), with artifacts under
/// that engine's fingerprint. Every failure is a <see cref="RunnerException"/>.
/// </summary>
internal sealed class HandlerModuleLoader(IModuleSource source, SandboxEngine engine, Func<SandboxEngine> componentEngine, ModuleCacheOptions options)
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

        var actual = ContentHash.Compute(stored);
        if (actual != reference.ContentHash)
            throw new RunnerException(RunnerCodes.ModuleHashMismatch,
                $"The bytes stored under {reference.ContentHash} hash to {actual}: the blob was altered or mislabelled; refusing to run it.");

        var wasm = ExtractHandler(stored, reference.ContentHash);
        var isComponent = ComponentAbi.IsComponent(wasm.Span);
        var target = isComponent ? componentEngine() : engine;
        var key = PrecompiledArtifact.KeyFor(target.Fingerprint, reference.ContentHash);
        var (precompiled, rejected) = await TryLoadPrecompiledAsync(target, isComponent, key, reference.ContentHash, cancellationToken);
        if (precompiled is not null)
            return new LoadedModule(precompiled, ModuleOrigin.Precompiled, false);
        return new LoadedModule(Compile(target, isComponent, reference.ContentHash, wasm), ModuleOrigin.Compiled, rejected);
    }

    private HandlerModule Compile(SandboxEngine target, bool isComponent, string contentHash, ReadOnlyMemory<byte> wasm)
    {
        try
        {
            return isComponent
                ? DescribeComponent(contentHash, Component.FromBytes(target.Engine, wasm.Span), wasm.Length)
                : Describe(contentHash, Module.FromBytes(target.Engine, contentHash, wasm.Span), wasm.Length);
        }
        catch (WasmtimeException e)
        {
            throw new RunnerException(RunnerCodes.ModuleInvalid,
                $"The handler of {contentHash} is not a valid WebAssembly {(isComponent ? "component" : "module")}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Whether a module compiled here is to be stored precompiled.</summary>
    public bool StoresPrecompiled => options.PrecompiledModules is not null;

    /// <summary>Serializes <paramref name="module"/> and stores it for other processes (off the first call's path).</summary>
    public Task StoreAsync(HandlerModule module)
    {
        var fingerprint = (module.Component is null ? engine : componentEngine()).Fingerprint;
        var artifact = PrecompiledArtifact.Wrap(fingerprint, module.ContentHash, module.Component?.Serialize() ?? module.Module!.Serialize());
        return options.PrecompiledModules!.PutAsync(PrecompiledArtifact.KeyFor(fingerprint, module.ContentHash), artifact, CancellationToken.None);
    }

    /// <summary>
    /// The stored artifact as a module when it checks out; <c>Rejected</c> when one was there but was
    /// corrupt, foreign or refused by Wasmtime (it is then compiled and overwritten).
    /// </summary>
    private async Task<(HandlerModule? Module, bool Rejected)> TryLoadPrecompiledAsync(
        SandboxEngine target, bool isComponent, string key, string contentHash, CancellationToken cancellationToken)
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
        if (PrecompiledArtifact.Unwrap(artifact, target.Fingerprint, contentHash) is not { } payload) return (null, true);
        try
        {
            return isComponent
                ? (DescribeComponent(contentHash, Component.Deserialize(target.Engine, payload.Span), payload.Length), false)
                : (Describe(contentHash, Module.Deserialize(target.Engine, contentHash, payload.Span), payload.Length), false);
        }
        catch (WasmtimeException)
        {
            return (null, true); // intact but not loadable by this Wasmtime build
        }
    }

    private HandlerModule Describe(string contentHash, Module module, long wasmBytes)
    {
        GuestAbi.CheckModuleShape(module);
        var importsWasi = module.Imports.Any(i => i.ModuleName == GuestAbi.WasiModule);
        var importsActionCall = module.Imports.Any(i => i is { ModuleName: GuestAbi.HostModule, Name: GuestAbi.ActionCallImport });
        return new HandlerModule(contentHash, module, (long)(wasmBytes * options.BytesPerWasmByte), importsWasi, importsActionCall, GuestAbi.InitialMemoryPages(module));
    }

    /// <summary>
    /// A component: its imports are checked when it is instantiated (only the world's interfaces are
    /// defined), its export here. Charged <see cref="ModuleCacheOptions.BytesPerComponentByte"/>; taken
    /// to call actions, as its imports cannot be listed, so it never runs on the caller's thread.
    /// </summary>
    private HandlerModule DescribeComponent(string contentHash, Component component, long wasmBytes)
    {
        using (var export = component.GetExport(ComponentAbi.HandleExport))
            if (export is null)
                throw new RunnerException(RunnerCodes.ModuleLinkFailed,
                    $"The handler component does not export \"{ComponentAbi.HandleExport}\" (world {ComponentAbi.Package}/{ComponentAbi.World}@{ComponentAbi.PackageVersion}).");
        return new HandlerModule(contentHash, null, (long)(wasmBytes * options.BytesPerComponentByte), ImportsWasi: false, ImportsActionCall: true, InitialMemoryPages: 0)
        {
            Component = component,
        };
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
        var handler = bundle.Handler
            ?? throw new RunnerException(RunnerCodes.ModuleInvalid, $"The bundle {contentHash} ({bundle.Manifest.Slug} {bundle.Manifest.Version}) has no handler.");
        // BundleReader checked the handler's kind against the runtime; a bare .wasm is taken by its header.
        if (ComponentAbi.IsComponent(handler.Span) != (bundle.Manifest.Runtime == ManifestRules.RuntimeWasmJs1))
            throw new RunnerException(RunnerCodes.ModuleInvalid, $"The bundle {contentHash} says runtime {bundle.Manifest.Runtime}, but its handler is of the other kind.");
        return handler;
    }

    /// <summary>Wasmtime's message ("failed to parse ... Caused by: ...") on one line.</summary>
    private static string OneLine(string message) => string.Join(" ", message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
