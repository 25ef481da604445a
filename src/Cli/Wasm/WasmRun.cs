using System.Globalization;
using System.Text;
using Selegic.Extensions.Runner.Sandbox;
using Wasmtime;

namespace Selegic.Extensions.Cli.Wasm;

public sealed record WasmRunRequest(
    FileInfo File, string[] Arguments, string? Invoke, string? Fuel, string? TimeoutMs, string? MaxMemory, string[] Environment);

/// <summary>
/// Runs one module for `scrm wasm run` on the platform's Wasmtime configuration
/// (<see cref="SandboxEngine"/>): compiles it, runs _start as a WASI command (or calls the
/// --invoke export) under the requested limits, and maps every outcome to an exit code with one
/// "error: ..." line on stderr for anything that is not the program's own exit. The program reads
/// this process's stdin; its stdout and stderr go to the given streams.
/// </summary>
public sealed class WasmRun(Stream stdout, Stream stderr)
{
    /// <summary>A 32-bit memory's whole range: with no --max-memory a program may grow that far, as before.</summary>
    private const long MaxMemoryBytes = 65536L * 65536;

    private readonly StreamWriter _errors = new(stderr, new UTF8Encoding(false)) { AutoFlush = true };

    public int Execute(WasmRunRequest request)
    {
        try
        {
            var limits = ParseLimits(request);
            var wasi = new WasiConfiguration()
                .WithArgs([request.File.Name, .. request.Invoke is null ? request.Arguments : []])
                .WithEnvironmentVariables(ParseEnvironment(request.Environment))
                .WithInheritedStandardInput()
                .WithStandardOutputCallback(bytes => stdout.Write(bytes))
                .WithStandardErrorCallback(bytes => stderr.Write(bytes));
            var bytes = ReadModule(request.File);
            using var sandbox = new SandboxEngine(SandboxEngineOptions.Unpooled with { MaxMemoryBytes = MaxMemoryBytes });
            using var module = Compile(sandbox.Engine, request.File.Name, bytes);
            using var store = sandbox.CreateStore(limits.Timeout, limits.Fuel, limits.MaxMemoryBytes);
            store.SetWasiConfiguration(wasi);
            using var linker = new Linker(sandbox.Engine);
            linker.DefineWasi();
            var instance = Instantiate(linker, store, module);
            try
            {
                return request.Invoke is { } export ? Invoke(instance, module, export, request.Arguments) : RunCommand(instance);
            }
            finally
            {
                stdout.Flush();
            }
        }
        catch (UsageException e)
        {
            return Fail(WasmRunExitCodes.Usage, e.Message);
        }
        catch (ModuleRejectedException e)
        {
            return Fail(WasmRunExitCodes.ModuleRejected, e.Message);
        }
        catch (WasmtimeException e) when (e.ExitCode is { } code)
        {
            return code;
        }
        catch (TrapException e)
        {
            return Fail(WasmRunExitCodes.Trapped, $"wasm trap ({WasmTrapNames.Of(e.Type)}): {TrapText(e)}");
        }
        catch (WasmtimeException e)
        {
            return Fail(WasmRunExitCodes.Trapped, $"wasm trap ({WasmTrapNames.Of(null)}): {Cause(e.Message)}");
        }
    }

    private static int RunCommand(Instance instance)
    {
        var start = instance.GetFunction("_start")
            ?? throw new ModuleRejectedException("cannot link module: it exports no _start function (a WASI command); use --invoke NAME to call another export");
        start.Invoke();
        return 0;
    }

    private int Invoke(Instance instance, Module module, string export, string[] arguments)
    {
        var function = instance.GetFunction(export)
            ?? throw new UsageException($"the module exports no function \"{export}\" (its exports: {string.Join(", ", module.Exports.Select(e => e.Name))})");
        var result = function.Invoke(ParseArguments(function, export, arguments));
        object?[] results = function.Results.Count switch
        {
            0 => [],
            1 => [result],
            _ => (object?[])result!,
        };
        stdout.Write(Encoding.UTF8.GetBytes(string.Concat(results.Select(r => InvokeValues.Format(r) + "\n"))));
        return 0;
    }

    /// <summary>Wasmtime reports a binary-format error as "failed to parse"; any other compile error is a validation error.</summary>
    private static Module Compile(Engine engine, string name, byte[] bytes)
    {
        try
        {
            return Module.FromBytes(engine, name, bytes);
        }
        catch (WasmtimeException e)
        {
            var kind = e.Message.Contains("failed to parse", StringComparison.Ordinal) ? "malformed" : "invalid";
            throw new ModuleRejectedException($"{kind} module: {Cause(e.Message)}");
        }
    }

    /// <summary>Linking fails with a plain error; a trap here comes from the module's start function and is the program's.</summary>
    private static Instance Instantiate(Linker linker, Store store, Module module)
    {
        try
        {
            return linker.Instantiate(store, module);
        }
        catch (WasmtimeException e) when (e is not TrapException && e.ExitCode is null)
        {
            throw new ModuleRejectedException($"cannot link module: {Cause(e.Message)}");
        }
    }

    private static ValueBox[] ParseArguments(Function function, string export, string[] arguments)
    {
        var parameters = function.Parameters;
        var signature = $"({string.Join(" ", parameters.Select(InvokeValues.Name))}) -> ({string.Join(" ", function.Results.Select(InvokeValues.Name))})";
        if (arguments.Length != parameters.Count)
            throw new UsageException($"\"{export}\" takes {parameters.Count} argument(s) {signature}, got {arguments.Length}");
        var values = new ValueBox[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
            if (!InvokeValues.TryParse(arguments[i], parameters[i], out values[i]))
                throw new UsageException($"argument {i + 1} of \"{export}\" is not a valid {InvokeValues.Name(parameters[i])}: \"{arguments[i]}\"");
        return values;
    }

    private sealed record Limits(ulong? Fuel, TimeSpan? Timeout, long MaxMemoryBytes);

    private static Limits ParseLimits(WasmRunRequest request)
    {
        var maxMemoryBytes = MaxMemoryBytes;
        if (request.MaxMemory is { } text)
        {
            if (!MemorySize.TryParsePages(text, out var pages))
                throw new UsageException($"--max-memory: \"{text}\" is not a size (examples: 1048576, 512KiB, 64MiB, 1GiB; at most 4GiB)");
            maxMemoryBytes = (long)pages * MemorySize.PageSize;
        }
        return new Limits(
            ParsePositive(request.Fuel, "--fuel", long.MaxValue) is { } fuel ? (ulong)fuel : null,
            ParsePositive(request.TimeoutMs, "--timeout-ms", int.MaxValue) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            maxMemoryBytes);
    }

    private static long? ParsePositive(string? text, string option, long max)
    {
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > max)
            throw new UsageException($"{option} must be a whole number from 1 to {max}, not \"{text}\"");
        return value;
    }

    private static (string, string)[] ParseEnvironment(string[] variables) =>
        variables.Select(v => v.IndexOf('=') is > 0 and var eq
                ? (v[..eq], v[(eq + 1)..])
                : throw new UsageException($"--env: \"{v}\" is not KEY=VALUE"))
            .ToArray();

    private static byte[] ReadModule(FileInfo file)
    {
        try
        {
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file.FullName}: {e.Message}");
        }
    }

    /// <summary>"wasm trap: integer divide by zero" (Wasmtime's last line, after the backtrace) as "integer divide by zero".</summary>
    private static string TrapText(TrapException trap)
    {
        var cause = Cause(trap.Message);
        return cause.StartsWith("wasm trap: ", StringComparison.Ordinal) ? cause["wasm trap: ".Length..] : cause;
    }

    /// <summary>The innermost cause of a Wasmtime error: its last line, without the "N: " of a cause chain.</summary>
    private static string Cause(string message)
    {
        var last = message.TrimEnd().Split('\n')[^1].Trim();
        var colon = last.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && last[..colon].All(char.IsAsciiDigit) ? last[(colon + 2)..] : last;
    }

    private int Fail(int exitCode, string message)
    {
        _errors.WriteLine($"error: {message}");
        return exitCode;
    }

    private sealed class UsageException(string message) : Exception(message);

    private sealed class ModuleRejectedException(string message) : Exception(message);
}
