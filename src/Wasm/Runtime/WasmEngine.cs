using Selegic.Extensions.Wasm.Compilation;
using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Validation;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>Engine-wide settings.</summary>
public sealed class EngineOptions
{
    /// <summary>Caps applied while decoding (function counts, body sizes, ...); null means the decoder's defaults.</summary>
    public DecoderLimits? DecoderLimits { get; init; }

    /// <summary>Where instances of this engine's modules take their linear memory from; null allocates each one afresh.</summary>
    public LinearMemoryPool? MemoryPool { get; init; }
}

/// <summary>Compiles WebAssembly binaries. Thread-safe; create one and share it.</summary>
public sealed class WasmEngine
{
    private readonly EngineOptions _options;

    public WasmEngine(EngineOptions? options = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the engine reads linear memory in the host's byte order, which must be little-endian");
        _options = options ?? new EngineOptions();
    }

    /// <summary>
    /// Decodes, validates and compiles a module. Throws <see cref="WasmMalformedException"/> or
    /// <see cref="WasmInvalidException"/>; nothing runs until the module is instantiated.
    /// </summary>
    public WasmModule Compile(ReadOnlyMemory<byte> wasm)
    {
        var definition = ModuleDecoder.Decode(wasm, _options.DecoderLimits);
        ModuleValidator.Validate(definition);
        return new WasmModule(CompiledModule.Compile(definition), _options.MemoryPool);
    }
}
