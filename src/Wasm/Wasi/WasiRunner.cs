using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Wasi;

/// <summary>Runs a WASI command module: instantiate with the preview-1 imports, call _start, collect the outcome.</summary>
public static class WasiRunner
{
    public const string StartExport = "_start";

    /// <summary>A linker with every preview-1 function of <paramref name="wasi"/> and AssemblyScript's env.abort.</summary>
    public static Linker CreateLinker(WasiContext wasi) => wasi.DefineAssemblyScriptAbort(wasi.DefineImports(new Linker()));

    /// <summary>
    /// Instantiates <paramref name="module"/> with WASI (plus AssemblyScript's env.abort and anything
    /// <paramref name="defineImports"/> adds) under <paramref name="limits"/>, and runs _start.
    /// Traps, limits and the output cap end up in <see cref="WasiRunResult.Failure"/>.
    /// Throws <see cref="WasmLinkException"/> when an import is missing or the module exports no _start.
    /// </summary>
    public static WasiRunResult Run(WasmModule module, WasiConfiguration configuration,
        InstanceLimits? limits = null, Action<Linker>? defineImports = null)
    {
        var wasi = new WasiContext(configuration);
        var linker = CreateLinker(wasi);
        defineImports?.Invoke(linker);

        int exitCode;
        WasmException? failure = null;
        try
        {
            var instance = linker.Instantiate(module, limits);
            if (!instance.Exports.TryGetValue(StartExport, out var start) || start is not WasmFunction startFunction)
                throw new WasmLinkException($"not a WASI command: the module exports no function \"{StartExport}\"");
            startFunction.Invoke();
            exitCode = 0;
        }
        catch (WasmExitException exit)
        {
            exitCode = exit.ExitCode;
        }
        catch (Exception e) when (e is WasmTrapException or WasiOutputLimitException)
        {
            failure = (WasmException)e;
            exitCode = WasiRunResult.FailureExitCode;
        }
        finally
        {
            wasi.FlushOutput();
        }
        return new WasiRunResult(exitCode, wasi.CapturedStdout, wasi.CapturedStderr, failure);
    }
}
