using System.Reflection;
using System.Runtime.InteropServices;
using Wasmtime;

namespace Selegic.Extensions.Runner.Sandbox;

/// <summary>
/// Selects Wasmtime's baseline compiler (Winch) on a <see cref="Config"/>. The .NET binding's
/// <see cref="CompilerStrategy"/> names only Auto and Cranelift and refuses other values, so this
/// calls the C API's <c>wasmtime_config_strategy_set</c> on the configuration's native handle, with
/// the value the C header gives Winch. Pinned to the Wasmtime package version the project uses:
/// the engine tests fail if a later binding moves the handle.
/// </summary>
internal static class BaselineCompiler
{
    private const byte WasmtimeStrategyWinch = 2; // WASMTIME_STRATEGY_WINCH in wasmtime/config.h

    private static readonly PropertyInfo NativeHandle =
        typeof(Config).GetProperty("NativeHandle", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("This Wasmtime binding has no Config.NativeHandle: the baseline compiler cannot be selected.");

    public static Config Select(Config config)
    {
        var handle = (SafeHandle)NativeHandle.GetValue(config)!;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            wasmtime_config_strategy_set(handle.DangerousGetHandle(), WasmtimeStrategyWinch);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        return config;
    }

    [DllImport("wasmtime")]
    private static extern void wasmtime_config_strategy_set(IntPtr config, byte strategy);
}
