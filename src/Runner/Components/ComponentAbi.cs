using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Components;

/// <summary>
/// The names of guest ABI <c>wasm-js@1</c> (docs/guest-abi.md, "wasm-js@1"): a WebAssembly
/// component of world <c>selegic:extension/handler@1.0.0</c> (sdk/js/wit/handler.wit) that exports
/// <c>handle</c> and imports only the <c>actions</c> and <c>log</c> interfaces (and the types
/// interface they share): no WASI, so no files, sockets, environment, clocks or randomness.
/// </summary>
public static class ComponentAbi
{
    public const string Version = "wasm-js@1";

    public const string Package = "selegic:extension";
    public const string PackageVersion = "1.0.0";
    public const string World = "handler";

    public static readonly string TypesInterface = InterfaceName("types");
    public static readonly string ActionsInterface = InterfaceName("actions");
    public static readonly string LogInterface = InterfaceName("log");

    public const string ActionCallFunction = "call";
    public const string LogWriteFunction = "write";
    public const string HandleExport = "handle";

    /// <summary>
    /// A guest that runs out of memory says so with a log line at level error starting with this
    /// (sdk/js does) and then traps: the Runner answers <see cref="RunnerCodes.HandlerMemoryLimit"/>.
    /// </summary>
    public const string OutOfMemoryLogPrefix = "out of memory";

    /// <summary>"\0asm" then the component encoding's version and layer (0x0d 0x00, layer 0x01 0x00); core modules have 0x01 0x00 0x00 0x00.</summary>
    private static ReadOnlySpan<byte> ComponentHeader => [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

    /// <summary>Whether <paramref name="wasm"/> is a WebAssembly component (by its header) rather than a core module.</summary>
    public static bool IsComponent(ReadOnlySpan<byte> wasm) => wasm.StartsWith(ComponentHeader);

    private static string InterfaceName(string name) => $"{Package}/{name}@{PackageVersion}";
}
