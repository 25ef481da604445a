using System.Diagnostics;
using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Tests.Conformance;
using Selegic.Extensions.Wasm.Validation;

namespace Selegic.Extensions.Wasm.Tests.Validation;

/// <summary>
/// Mutates the spec suite's modules and checks that decoder + validator accept exactly the mutants
/// V8 (Node.js's WebAssembly.validate) accepts. V8 also implements proposals beyond 2.0 (SIMD, tail
/// calls, ...), so a mutant only V8 accepts is tolerated when we reject it for an unknown opcode or type.
/// </summary>
public sealed class DifferentialV8Tests : IDisposable
{
    private const int MutantsPerModule = 3;
    private readonly string _directory = Directory.CreateTempSubdirectory("wasm-diff").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Decoder_and_validator_agree_with_v8_on_mutated_spec_modules()
    {
        var random = new Random(20231117);
        var ours = new List<(string Name, string Source, string? Error)>();
        foreach (var file in Directory.GetFiles(SpecSuiteTests.RequiredSuiteDirectory(), "*.wasm", SearchOption.AllDirectories).Order())
        {
            if (Path.GetFileName(file).StartsWith("simd", StringComparison.Ordinal)) continue;
            var original = File.ReadAllBytes(file);
            if (original.Length <= 8) continue;
            for (var m = 0; m < MutantsPerModule; m++)
            {
                var mutant = Mutate(original, random);
                var name = $"{ours.Count}.wasm";
                File.WriteAllBytes(Path.Combine(_directory, name), mutant);
                ours.Add((name, Path.GetFileName(file), OurError(mutant)));
            }
        }

        var v8Accepts = RunV8(ours.Count);
        var disagreements = new List<string>();
        for (var i = 0; i < ours.Count; i++)
        {
            var (name, source, error) = ours[i];
            if (error is null && !v8Accepts[i]) disagreements.Add($"{name} (from {source}): accepted here, rejected by V8");
            if (error is not null && v8Accepts[i] && !IsBeyondWasm2(error))
                disagreements.Add($"{name} (from {source}): accepted by V8, rejected here: {error}");
        }
        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements.Take(30)));
        Assert.True(ours.Count(o => o.Error is null) > 100, "too few mutants stayed valid to compare acceptance");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        switch (random.Next(4))
        {
            case 0:
                bytes.RemoveAt(random.Next(8, bytes.Count));
                break;
            case 1:
                bytes.Insert(random.Next(8, bytes.Count), (byte)random.Next(256));
                break;
            default:
                var at = random.Next(8, bytes.Count);
                bytes[at] = random.Next(2) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
                break;
        }
        return [.. bytes];
    }

    private static string? OurError(byte[] wasm)
    {
        try
        {
            ModuleValidator.Validate(ModuleDecoder.Decode(wasm));
            return null;
        }
        catch (WasmException e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Rejections that V8 may not share because it implements later proposals.</summary>
    private static bool IsBeyondWasm2(string error) =>
        error.Contains("illegal opcode") || error.Contains("malformed value type") || error.Contains("malformed reference type");

    private bool[] RunV8(int count)
    {
        var script = Path.Combine(_directory, "validate.js");
        File.WriteAllText(script, """
            const fs = require('fs'), path = require('path');
            const dir = process.argv[2], count = Number(process.argv[3]);
            let out = '';
            for (let i = 0; i < count; i++) out += WebAssembly.validate(fs.readFileSync(path.join(dir, i + '.wasm'))) ? '1' : '0';
            process.stdout.write(out);
            """);
        using var node = Process.Start(new ProcessStartInfo("node", [script, _directory, count.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = node.StandardOutput.ReadToEnd();
        var errors = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0 && output.Length == count, $"node failed ({node.ExitCode}): {errors}");
        return output.Select(c => c == '1').ToArray();
    }
}
