using System.Text.Json;
using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Validation;

namespace Selegic.Extensions.WasmSpec;

/// <summary>The outcome of one script: counts and a line per failure.</summary>
public sealed record SpecScriptResult(SpecTotals Totals, IReadOnlyList<string> Failures);

/// <summary>
/// Executes the commands of one wast2json script in order. Only modules given in the text
/// format (the malformed-text cases) are skipped; every other command passes or fails.
/// </summary>
public sealed class SpecScript
{
    private readonly string _directory;
    private readonly List<string> _failures = [];
    /// <summary>
    /// Expected rejection messages by module content. wast2json sometimes writes the same binary for
    /// text modules the reference interpreter rejects with different messages (e.g. "(select (result))"
    /// and "(select)"); the binary cannot tell them apart, so any of those messages is accepted.
    /// </summary>
    private readonly Dictionary<string, List<string>> _rejectionTextsByModule = [];
    private int _passed, _skipped;

    private SpecScript(string directory) => _directory = directory;

    public static SpecScriptResult Run(string jsonPath)
    {
        var script = new SpecScript(Path.GetDirectoryName(jsonPath)!);
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        script.CollectRejectionTexts(document.RootElement.GetProperty("commands"));
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            var line = command.GetProperty("line").GetInt32();
            var type = command.GetProperty("type").GetString()!;
            try
            {
                script.Execute(type, command);
            }
            catch (SpecFailure failure)
            {
                script._failures.Add($"line {line} {type}: {failure.Message}");
            }
            catch (Exception e)
            {
                script._failures.Add($"line {line} {type}: unexpected {e.GetType().Name}: {e.Message}");
            }
        }
        return new SpecScriptResult(new SpecTotals(script._passed, script._failures.Count, script._skipped), script._failures);
    }

    private void Execute(string type, JsonElement command)
    {
        switch (type)
        {
            case "module":
                LoadModule(command);
                break;
            case "assert_malformed":
                if (IsTextModule(command)) { _skipped++; return; }
                ExpectRejected<WasmMalformedException>(command);
                break;
            case "assert_invalid":
                if (IsTextModule(command)) { _skipped++; return; }
                ExpectRejected<WasmInvalidException>(command);
                break;
            default:
                throw new SpecFailure($"command type '{type}' is not supported yet");
        }
        _passed++;
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

    private static string ModuleKey(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));

    private static bool IsTextModule(JsonElement command) =>
        command.TryGetProperty("module_type", out var moduleType) && moduleType.GetString() == "text";

    private byte[] ReadModuleFile(JsonElement command) =>
        File.ReadAllBytes(Path.Combine(_directory, command.GetProperty("filename").GetString()!));

    private void LoadModule(JsonElement command)
    {
        var bytes = ReadModuleFile(command);
        try
        {
            var module = ModuleDecoder.Decode(bytes);
            ModuleValidator.Validate(module);
        }
        catch (WasmException e)
        {
            throw new SpecFailure($"module did not load: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Decoding (and for invalid modules, validating) must fail with <typeparamref name="TException"/> and the spec's message.</summary>
    private void ExpectRejected<TException>(JsonElement command) where TException : WasmException
    {
        var expected = command.GetProperty("text").GetString()!;
        var bytes = ReadModuleFile(command);
        try
        {
            var module = ModuleDecoder.Decode(bytes);
            ModuleValidator.Validate(module);
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
