using System.Globalization;
using System.Text;
using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Wasi;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Cli.Wasm;

public sealed record WasmRunRequest(
    FileInfo File, string[] Arguments, string? Invoke, string? Fuel, string? TimeoutMs, string? MaxMemory, string[] Environment);

/// <summary>
/// Runs one module for `scrm wasm run`: compiles it, runs _start as a WASI command (or calls the
/// --invoke export) under the requested limits, and maps every outcome to an exit code with one
/// "error: ..." line on stderr for anything that is not the program's own exit.
/// </summary>
public sealed class WasmRun(Stream stdin, Stream stdout, Stream stderr)
{
    private readonly StreamWriter _errors = new(stderr, new UTF8Encoding(false)) { AutoFlush = true };

    public int Execute(WasmRunRequest request)
    {
        try
        {
            var limits = ParseLimits(request);
            var environment = ParseEnvironment(request.Environment);
            var module = new WasmEngine().Compile(ReadModule(request.File));
            var configuration = new WasiConfiguration
            {
                Arguments = [request.File.Name, .. request.Invoke is null ? request.Arguments : []],
                Environment = environment,
                Stdin = stdin,
                Stdout = stdout,
                Stderr = stderr,
                MaxStdoutBytes = long.MaxValue,
                MaxStderrBytes = long.MaxValue,
            };
            return request.Invoke is { } export
                ? Invoke(module, configuration, limits, export, request.Arguments)
                : RunCommand(module, configuration, limits);
        }
        catch (UsageException e)
        {
            return Fail(WasmRunExitCodes.Usage, e.Message);
        }
        catch (WasmMalformedException e)
        {
            return Fail(WasmRunExitCodes.ModuleRejected, $"malformed module: {e.Message}");
        }
        catch (WasmInvalidException e)
        {
            return Fail(WasmRunExitCodes.ModuleRejected, $"invalid module: {e.Message}");
        }
        catch (WasmLinkException e)
        {
            return Fail(WasmRunExitCodes.ModuleRejected, $"cannot link module: {e.Message}");
        }
        catch (WasmTrapException e)
        {
            return Trapped(e);
        }
    }

    private int RunCommand(WasmModule module, WasiConfiguration configuration, InstanceLimits limits)
    {
        var result = WasiRunner.Run(module, configuration, limits);
        return result.Failure switch
        {
            null => result.ExitCode,
            WasmTrapException trap => Trapped(trap),
            var other => Fail(WasmRunExitCodes.Trapped, other.Message),
        };
    }

    private int Invoke(WasmModule module, WasiConfiguration configuration, InstanceLimits limits, string export, string[] arguments)
    {
        var wasi = new WasiContext(configuration);
        try
        {
            var instance = WasiRunner.CreateLinker(wasi).Instantiate(module, limits);
            if (!instance.Exports.TryGetValue(export, out var item) || item is not WasmFunction function)
                throw new UsageException($"the module exports no function \"{export}\" (its exports: {string.Join(", ", instance.Exports.Keys)})");
            var results = function.Invoke(ParseArguments(function, export, arguments));
            stdout.Write(Encoding.UTF8.GetBytes(string.Concat(results.Select(r => InvokeValues.Format(r) + "\n"))));
            return 0;
        }
        catch (WasmExitException exit)
        {
            return exit.ExitCode;
        }
        finally
        {
            wasi.FlushOutput();
        }
    }

    private static WasmValue[] ParseArguments(WasmFunction function, string export, string[] arguments)
    {
        var parameters = function.Type.Parameters;
        if (arguments.Length != parameters.Length)
            throw new UsageException($"\"{export}\" takes {parameters.Length} argument(s) ({function.Type}), got {arguments.Length}");
        var values = new WasmValue[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
            if (!InvokeValues.TryParse(arguments[i], parameters[i], out values[i]))
                throw new UsageException($"argument {i + 1} of \"{export}\" is not a valid {parameters[i].ToString().ToLowerInvariant()}: \"{arguments[i]}\"");
        return values;
    }

    private static InstanceLimits ParseLimits(WasmRunRequest request)
    {
        uint? maxPages = null;
        if (request.MaxMemory is { } text)
        {
            if (!MemorySize.TryParsePages(text, out var pages))
                throw new UsageException($"--max-memory: \"{text}\" is not a size (examples: 1048576, 512KiB, 64MiB, 1GiB; at most 4GiB)");
            maxPages = pages;
        }
        return new InstanceLimits
        {
            Fuel = ParsePositive(request.Fuel, "--fuel", long.MaxValue),
            Timeout = ParsePositive(request.TimeoutMs, "--timeout-ms", int.MaxValue) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            MaxMemoryPages = maxPages,
        };
    }

    private static long? ParsePositive(string? text, string option, long max)
    {
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > max)
            throw new UsageException($"{option} must be a whole number from 1 to {max}, not \"{text}\"");
        return value;
    }

    private static KeyValuePair<string, string>[] ParseEnvironment(string[] variables) =>
        variables.Select(v => v.IndexOf('=') is > 0 and var eq
                ? new KeyValuePair<string, string>(v[..eq], v[(eq + 1)..])
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

    private int Trapped(WasmTrapException trap) => Fail(WasmRunExitCodes.Trapped, $"wasm trap ({trap.Kind}): {trap.Message}");

    private int Fail(int exitCode, string message)
    {
        _errors.WriteLine($"error: {message}");
        return exitCode;
    }

    private sealed class UsageException(string message) : Exception(message);
}
