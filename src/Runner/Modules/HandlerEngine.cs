using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>The engine settings for handlers: memories from a shared pool (an instance per request), and decoder caps sized for handlers rather than for anything wasm allows.</summary>
public static class HandlerEngine
{
    /// <summary>Far more functions than any handler needs (a 100 KiB module has a few hundred), far fewer than the decoder's general default.</summary>
    public const int MaxFunctions = 100_000;

    public static WasmEngine Create(LinearMemoryPool? memoryPool = null) => new(new EngineOptions
    {
        MemoryPool = memoryPool ?? new LinearMemoryPool(),
        DecoderLimits = new DecoderLimits { MaxFunctions = MaxFunctions },
    });
}
