using System.Text.Json;
using Wasmtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>The outcome of one script: counts and a line per failure.</summary>
public sealed record SpecScriptResult(SpecTotals Totals, IReadOnlyList<string> Failures);

/// <summary>
/// Executes the commands of one wast2json script in order on a Wasmtime engine: one store and one
/// linker per script, so registered modules link to each other as the script expects. Every
/// command passes or fails; text-format modules are compiled from their .wat files.
/// </summary>
public sealed class SpecScript : IDisposable
{
    /// <summary>
    /// The engine may consume fuel and watch epochs; the spec commands must never be stopped by
    /// either, but a miscompiled endless loop still ends here.
    /// </summary>
    private const ulong FuelPerScript = 50_000_000_000;

    private readonly string _directory;
    private readonly Engine _engine;
    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Dictionary<string, Instance> _namedInstances = [];
    private Instance? _current;
    private readonly List<string> _failures = [];
    private int _passed;

    private SpecScript(string directory, Engine engine)
    {
        _directory = directory;
        _engine = engine;
        _store = new Store(engine);
        _store.Fuel = FuelPerScript;
        _store.SetEpochDeadline(ulong.MaxValue / 2);
        _linker = new Linker(engine) { AllowShadowing = true };
    }

    public void Dispose()
    {
        _linker.Dispose();
        _store.Dispose();
    }

    public static SpecScriptResult Run(string jsonPath, Engine engine)
    {
        using var script = new SpecScript(Path.GetDirectoryName(jsonPath)!, engine);
        try
        {
            SpectestModule.DefineIn(script._linker, script._store);
        }
        catch (Exception e)
        {
            script._failures.Add($"the spectest host module could not be defined: {e.GetType().Name}: {e.Message}");
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            var line = command.GetProperty("line").GetInt32();
            var type = command.GetProperty("type").GetString()!;
            try
            {
                script.Execute(type, command);
                script._passed++;
            }
            catch (SpecFailure failure)
            {
                script._failures.Add($"line {line} {type}{ActionName(command)}: {failure.Message}");
            }
            catch (Exception e)
            {
                script._failures.Add($"line {line} {type}{ActionName(command)}: unexpected {e.GetType().Name}: {FirstLine(e.Message)}");
            }
        }
        return new SpecScriptResult(new SpecTotals(script._passed, script._failures.Count), script._failures);
    }

    /// <summary>Whether a module the script loads (a <c>module</c> command) is refused by <paramref name="engine"/> and compiled by <paramref name="fallback"/>.</summary>
    public static bool LoadsAModuleOnlyTheFallbackCompiles(string jsonPath, Engine engine, Engine fallback)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            if (command.GetProperty("type").GetString() != "module") continue;
            var bytes = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(jsonPath)!, command.GetProperty("filename").GetString()!));
            if (Compiles(engine, bytes)) continue;
            if (Compiles(fallback, bytes)) return true;
        }
        return false;
    }

    private static bool Compiles(Engine engine, byte[] wasm)
    {
        try
        {
            Module.FromBytes(engine, "probe", wasm).Dispose();
            return true;
        }
        catch (WasmtimeException)
        {
            return false;
        }
    }

    private static string ActionName(JsonElement command) =>
        command.TryGetProperty("action", out var action) ? $" {action.GetProperty("field").GetString()}" : "";

    private void Execute(string type, JsonElement command)
    {
        switch (type)
        {
            case "module":
                LoadModule(command);
                break;
            case "register":
                var instance = command.TryGetProperty("name", out var name) ? Named(name.GetString()!) : Current;
                _linker.DefineInstance(_store, command.GetProperty("as").GetString()!, instance);
                break;
            case "action":
                Perform(command.GetProperty("action"));
                break;
            case "assert_return":
                AssertReturn(command);
                break;
            case "assert_trap":
            case "assert_exhaustion":
                AssertTrap(command);
                break;
            case "assert_malformed":
            case "assert_invalid":
                ExpectRejected(command);
                break;
            case "assert_unlinkable":
                ExpectUnlinkable(command);
                break;
            case "assert_uninstantiable":
                ExpectUninstantiable(command);
                break;
            default:
                throw new SpecFailure($"unknown command type '{type}'");
        }
    }

    private Instance Current => _current ?? throw new SpecFailure("no module has been instantiated");

    private Instance Named(string name) =>
        _namedInstances.TryGetValue(name, out var instance) ? instance : throw new SpecFailure($"no module named {name}");

    /// <summary>Compiles a binary module, or a text one (the malformed-text cases) with Wasmtime's own text parser.</summary>
    private Module Compile(JsonElement command)
    {
        var fileName = command.GetProperty("filename").GetString()!;
        var path = Path.Combine(_directory, fileName);
        var isText = command.TryGetProperty("module_type", out var moduleType) && moduleType.GetString() == "text";
        return isText
            ? Module.FromText(_engine, fileName, File.ReadAllText(path))
            : Module.FromBytes(_engine, fileName, File.ReadAllBytes(path));
    }

    private void LoadModule(JsonElement command)
    {
        Instance instance;
        try
        {
            using var module = Compile(command);
            instance = _linker.Instantiate(_store, module);
        }
        catch (WasmtimeException e)
        {
            throw new SpecFailure($"module did not load: {e.GetType().Name}: {FirstLine(e.Message)}");
        }
        _current = instance;
        if (command.TryGetProperty("name", out var name)) _namedInstances[name.GetString()!] = instance;
    }

    /// <summary>Runs an invoke or get action; the results with the kinds the export declares.</summary>
    private (object?[] Values, IReadOnlyList<ValueKind> Kinds) Perform(JsonElement action)
    {
        var instance = action.TryGetProperty("module", out var module) ? Named(module.GetString()!) : Current;
        var field = action.GetProperty("field").GetString()!;
        switch (action.GetProperty("type").GetString())
        {
            case "invoke":
                var function = instance.GetFunction(field) ?? throw new SpecFailure($"no exported function {field}");
                var args = action.GetProperty("args").EnumerateArray().Select(SpecValues.Parse).ToArray();
                var result = function.Invoke(args);
                object?[] values = function.Results.Count switch
                {
                    0 => [],
                    1 => [result],
                    _ => (object?[])result!,
                };
                return (values, function.Results);
            case "get":
                var global = instance.GetGlobal(field) ?? throw new SpecFailure($"no exported global {field}");
                return ([global.GetValue()], [global.Kind]);
            default:
                throw new SpecFailure($"unknown action {action}");
        }
    }

    private void AssertReturn(JsonElement command)
    {
        (object?[] Values, IReadOnlyList<ValueKind> Kinds) results;
        try
        {
            results = Perform(command.GetProperty("action"));
        }
        catch (WasmtimeException e)
        {
            throw new SpecFailure($"expected results, got {e.GetType().Name}: {FirstLine(e.Message)}");
        }
        var expected = command.GetProperty("expected").EnumerateArray().ToArray();
        var ok = expected.Length == results.Values.Length;
        for (var i = 0; ok && i < expected.Length; i++) ok = SpecValues.Matches(expected[i], results.Kinds[i], results.Values[i]);
        if (!ok)
            throw new SpecFailure($"expected [{string.Join(", ", expected.Select(SpecValues.Describe))}], " +
                                  $"got [{string.Join(", ", results.Values.Select((v, i) => SpecValues.Describe(results.Kinds[i], v)))}]");
    }

    private void AssertTrap(JsonElement command)
    {
        var expected = command.GetProperty("text").GetString()!;
        try
        {
            var results = Perform(command.GetProperty("action"));
            throw new SpecFailure($"expected trap \"{expected}\", got {results.Values.Length} result(s)");
        }
        catch (TrapException e) when (SpecTraps.Matches(expected, e.Type))
        {
        }
        catch (WasmtimeException e)
        {
            throw new SpecFailure($"expected trap \"{expected}\", got {Describe(e)}");
        }
    }

    /// <summary>The module must compile, and instantiating it must trap as the script says.</summary>
    private void ExpectUninstantiable(JsonElement command)
    {
        var expected = command.GetProperty("text").GetString()!;
        using var module = CompileOrFail(command, expected);
        try
        {
            _linker.Instantiate(_store, module);
        }
        catch (TrapException e) when (SpecTraps.Matches(expected, e.Type))
        {
            return;
        }
        catch (WasmtimeException e)
        {
            throw new SpecFailure($"expected trap \"{expected}\", got {Describe(e)}");
        }
        throw new SpecFailure($"expected \"{expected}\", but the module instantiated");
    }

    /// <summary>
    /// The module must compile and fail to link for the reason the script names; Wasmtime words
    /// the two reasons of the suite ("unknown import", "incompatible import type") the same way.
    /// </summary>
    private void ExpectUnlinkable(JsonElement command)
    {
        var expected = command.GetProperty("text").GetString()!;
        using var module = CompileOrFail(command, expected);
        try
        {
            _linker.Instantiate(_store, module);
        }
        catch (WasmtimeException e) when (e is not TrapException && e.Message.StartsWith(expected, StringComparison.Ordinal))
        {
            return;
        }
        catch (WasmtimeException e)
        {
            throw new SpecFailure($"expected \"{expected}\", got {Describe(e)}");
        }
        throw new SpecFailure($"expected \"{expected}\", but the module instantiated");
    }

    private Module CompileOrFail(JsonElement command, string expected)
    {
        try
        {
            return Compile(command);
        }
        catch (WasmtimeException e)
        {
            throw new SpecFailure($"expected instantiation to fail with \"{expected}\", but compiling failed: {FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// Compiling must fail. The script's message is the reference interpreter's wording, which
    /// Wasmtime does not share, so only the rejection itself is checked (as Wasmtime's own spec
    /// runner does).
    /// </summary>
    private void ExpectRejected(JsonElement command)
    {
        var expected = command.GetProperty("text").GetString()!;
        try
        {
            Compile(command).Dispose();
        }
        catch (WasmtimeException)
        {
            return;
        }
        throw new SpecFailure($"expected the module to be rejected (\"{expected}\"), but it compiled");
    }

    private static string Describe(WasmtimeException e) =>
        e is TrapException trap ? $"trap {trap.Type}: {TrapMessage(trap)}" : $"{e.GetType().Name}: {FirstLine(e.Message)}";

    /// <summary>Wasmtime puts the backtrace first and the trap's own words ("wasm trap: ...") last.</summary>
    private static string TrapMessage(TrapException trap) => trap.Message.TrimEnd().Split('\n')[^1].Trim();

    private static string FirstLine(string message) => message.Split('\n')[0];
}

/// <summary>A command did not behave as the script expects; the message says how.</summary>
public sealed class SpecFailure(string message) : Exception(message);
