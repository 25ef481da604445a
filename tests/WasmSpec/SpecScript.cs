using System.Security.Cryptography;
using System.Text.Json;
using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>The outcome of one script: counts and a line per failure.</summary>
public sealed record SpecScriptResult(SpecTotals Totals, IReadOnlyList<string> Failures);

/// <summary>
/// Executes the commands of one wast2json script in order against the engine's public API.
/// Only modules given in the text format (the malformed-text cases) are skipped; every other
/// command passes or fails.
/// </summary>
public sealed class SpecScript
{
    /// <summary>Guards the runner against a miscompiled loop; no spec command comes near it.</summary>
    private static readonly InstanceLimits Limits = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly string _directory;
    private readonly WasmEngine _engine;
    private readonly Linker _linker = new();
    private readonly Dictionary<string, WasmInstance> _namedInstances = [];
    private WasmInstance? _current;
    private readonly List<string> _failures = [];
    private int _passed, _skipped;

    /// <summary>
    /// Expected rejection messages by module content. wast2json sometimes writes the same binary for
    /// text modules the reference interpreter rejects with different messages (e.g. "(select (result))"
    /// and "(select)"); the binary cannot tell them apart, so any of those messages is accepted.
    /// </summary>
    private readonly Dictionary<string, List<string>> _rejectionTextsByModule = [];

    private SpecScript(string directory, WasmEngine engine)
    {
        _directory = directory;
        _engine = engine;
    }

    public static SpecScriptResult Run(string jsonPath, WasmEngine engine)
    {
        var script = new SpecScript(Path.GetDirectoryName(jsonPath)!, engine);
        try
        {
            SpectestModule.DefineIn(script._linker);
        }
        catch (Exception e)
        {
            script._failures.Add($"the spectest host module could not be defined: {e.GetType().Name}: {e.Message}");
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var commands = document.RootElement.GetProperty("commands");
        script.CollectRejectionTexts(commands);
        foreach (var command in commands.EnumerateArray())
        {
            var line = command.GetProperty("line").GetInt32();
            var type = command.GetProperty("type").GetString()!;
            try
            {
                if (script.Execute(type, command)) script._passed++;
                else script._skipped++;
            }
            catch (SpecFailure failure)
            {
                script._failures.Add($"line {line} {type}{ActionName(command)}: {failure.Message}");
            }
            catch (Exception e)
            {
                script._failures.Add($"line {line} {type}{ActionName(command)}: unexpected {e.GetType().Name}: {e.Message}");
            }
        }
        return new SpecScriptResult(new SpecTotals(script._passed, script._failures.Count, script._skipped), script._failures);
    }

    private static string ActionName(JsonElement command) =>
        command.TryGetProperty("action", out var action) ? $" {action.GetProperty("field").GetString()}" : "";

    /// <summary>Runs one command; false when it was skipped (a text-format module).</summary>
    private bool Execute(string type, JsonElement command)
    {
        switch (type)
        {
            case "module":
                LoadModule(command);
                return true;
            case "register":
                var instance = command.TryGetProperty("name", out var name) ? Named(name.GetString()!) : Current;
                _linker.DefineInstance(command.GetProperty("as").GetString()!, instance);
                return true;
            case "action":
                Perform(command.GetProperty("action"));
                return true;
            case "assert_return":
                AssertReturn(command);
                return true;
            case "assert_trap":
            case "assert_exhaustion":
                AssertTrap(command, command.GetProperty("text").GetString()!);
                return true;
            case "assert_malformed":
                if (IsTextModule(command)) return false;
                ExpectRejected<WasmMalformedException>(command);
                return true;
            case "assert_invalid":
                if (IsTextModule(command)) return false;
                ExpectRejected<WasmInvalidException>(command);
                return true;
            case "assert_unlinkable":
                ExpectInstantiationFailure(command, (e, text) => e is WasmLinkException && e.Message.StartsWith(text, StringComparison.Ordinal));
                return true;
            case "assert_uninstantiable":
                ExpectInstantiationFailure(command, (e, text) => e is WasmTrapException trap && TrapMatches(text, trap));
                return true;
            default:
                throw new SpecFailure($"unknown command type '{type}'");
        }
    }

    private WasmInstance Current => _current ?? throw new SpecFailure("no module has been instantiated");

    private WasmInstance Named(string name) =>
        _namedInstances.TryGetValue(name, out var instance) ? instance : throw new SpecFailure($"no module named {name}");

    private static bool IsTextModule(JsonElement command) =>
        command.TryGetProperty("module_type", out var moduleType) && moduleType.GetString() == "text";

    private byte[] ReadModuleFile(JsonElement command) =>
        File.ReadAllBytes(Path.Combine(_directory, command.GetProperty("filename").GetString()!));

    /// <summary>Decodes, validates and compiles a module as an embedder would.</summary>
    private WasmModule Compile(byte[] bytes) => _engine.Compile(bytes);

    private void LoadModule(JsonElement command)
    {
        WasmInstance instance;
        try
        {
            instance = _linker.Instantiate(Compile(ReadModuleFile(command)), Limits);
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"module did not load: {e.GetType().Name}: {e.Message}");
        }
        _current = instance;
        if (command.TryGetProperty("name", out var name)) _namedInstances[name.GetString()!] = instance;
    }

    private WasmValue[] Perform(JsonElement action)
    {
        var instance = action.TryGetProperty("module", out var module) ? Named(module.GetString()!) : Current;
        var field = action.GetProperty("field").GetString()!;
        switch (action.GetProperty("type").GetString())
        {
            case "invoke":
                var args = new List<WasmValue>();
                foreach (var arg in action.GetProperty("args").EnumerateArray()) args.Add(SpecValues.Parse(arg));
                return instance.GetFunction(field).Invoke([.. args]);
            case "get":
                return [instance.GetGlobal(field).Value];
            default:
                throw new SpecFailure($"unknown action {action}");
        }
    }

    private void AssertReturn(JsonElement command)
    {
        WasmValue[] results;
        try
        {
            results = Perform(command.GetProperty("action"));
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"expected results, got {e.GetType().Name}: {e.Message}");
        }
        var expected = command.GetProperty("expected").EnumerateArray().ToArray();
        var ok = expected.Length == results.Length;
        for (var i = 0; ok && i < expected.Length; i++) ok = SpecValues.Matches(expected[i], results[i]);
        if (!ok)
            throw new SpecFailure($"expected [{string.Join(", ", expected.Select(SpecValues.Describe))}], got [{string.Join(", ", results)}]");
    }

    private void AssertTrap(JsonElement command, string expected)
    {
        try
        {
            var results = Perform(command.GetProperty("action"));
            throw new SpecFailure($"expected trap \"{expected}\", got [{string.Join(", ", results)}]");
        }
        catch (WasmTrapException e) when (TrapMatches(expected, e))
        {
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"expected trap \"{expected}\", got {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Whether the trap is the one the script names. "undefined element" is the suite's word for an index past the table's end.</summary>
    private static bool TrapMatches(string expected, WasmTrapException trap) =>
        expected.StartsWith(TrapKinds.Describe(trap.Kind), StringComparison.Ordinal) ||
        (expected == "undefined element" && trap.Kind == TrapKind.OutOfBoundsTableAccess);

    /// <summary>The module must compile, and instantiating it must fail as <paramref name="isExpected"/> (error, script text) says.</summary>
    private void ExpectInstantiationFailure(JsonElement command, Func<WasmException, string, bool> isExpected)
    {
        var expected = command.GetProperty("text").GetString()!;
        WasmModule module;
        try
        {
            module = Compile(ReadModuleFile(command));
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"expected instantiation to fail with \"{expected}\", but compiling failed: {e.GetType().Name}: {e.Message}");
        }
        try
        {
            _linker.Instantiate(module, Limits);
        }
        catch (WasmException e) when (isExpected(e, expected))
        {
            return;
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"expected \"{expected}\", got {e.GetType().Name}: {e.Message}");
        }
        throw new SpecFailure($"expected \"{expected}\", but the module instantiated");
    }

    private void CollectRejectionTexts(JsonElement commands)
    {
        foreach (var command in commands.EnumerateArray())
        {
            var type = command.GetProperty("type").GetString();
            if (type is not ("assert_malformed" or "assert_invalid") || IsTextModule(command)) continue;
            var key = ModuleKey(ReadModuleFile(command));
            if (!_rejectionTextsByModule.TryGetValue(key, out var texts)) _rejectionTextsByModule[key] = texts = [];
            texts.Add(command.GetProperty("text").GetString()!);
        }
    }

    private static string ModuleKey(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Compiling must fail with <typeparamref name="TException"/> and the spec's message.</summary>
    private void ExpectRejected<TException>(JsonElement command) where TException : WasmException
    {
        var expected = command.GetProperty("text").GetString()!;
        var bytes = ReadModuleFile(command);
        try
        {
            Compile(bytes);
        }
        catch (TException e)
        {
            foreach (var text in _rejectionTextsByModule[ModuleKey(bytes)])
                if (e.Message.StartsWith(text, StringComparison.Ordinal)) return;
            throw new SpecFailure($"expected \"{expected}\", got \"{e.Message}\"");
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"expected {typeof(TException).Name} \"{expected}\", got {e.GetType().Name} \"{e.Message}\"");
        }
        throw new SpecFailure($"expected {typeof(TException).Name} \"{expected}\", but the module was accepted");
    }
}

/// <summary>A command did not behave as the script expects; the message says how.</summary>
public sealed class SpecFailure(string message) : Exception(message);
