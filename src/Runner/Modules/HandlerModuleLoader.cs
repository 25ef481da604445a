using Selegic.Extensions.Contracts.Bundles;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Cold path of the module cache: fetch the stored bytes, verify their content hash, take the
/// handler out of a bundle, compile, check the wasm@1 shape. Every failure is a <see cref="RunnerException"/>.
/// </summary>
internal sealed class HandlerModuleLoader(IModuleSource source, WasmEngine engine, ModuleCacheOptions options)
{
    private static ReadOnlySpan<byte> WasmMagic => "\0asm"u8;
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];

    public async Task<HandlerModule> LoadAsync(ModuleReference reference, CancellationToken cancellationToken)
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
        WasmModule module;
        try
        {
            module = engine.Compile(wasm);
        }
        catch (Exception e) when (e is WasmMalformedException or WasmInvalidException)
        {
            throw new RunnerException(RunnerCodes.ModuleInvalid, $"The handler of {reference.ContentHash} is not a valid WebAssembly module: {e.Message}", e);
        }
        GuestAbi.CheckModuleShape(module.Definition);
        var importsWasi = module.Imports.Any(i => i.Module == GuestAbi.WasiModule);
        var importsActionCall = module.Imports.Any(i => i is { Module: GuestAbi.HostModule, Name: GuestAbi.ActionCallImport });
        return new HandlerModule(reference.ContentHash, module, (long)(wasm.Length * options.BytesPerWasmByte), importsWasi, importsActionCall);
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
}
