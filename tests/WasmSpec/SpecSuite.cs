using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>Pass/fail/skip counts of one script or of the whole suite.</summary>
public sealed record SpecTotals(int Passed, int Failed, int Skipped)
{
    public static SpecTotals operator +(SpecTotals a, SpecTotals b) =>
        new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);
}

/// <summary>Runs every non-SIMD script of the converted spec test suite.</summary>
public static class SpecSuite
{
    /// <summary>The script names to run: every converted script except the SIMD ones.</summary>
    public static IReadOnlyList<string> ScriptNames(string directory)
    {
        var names = new List<string>();
        foreach (var dir in Directory.GetDirectories(directory))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith("simd", StringComparison.Ordinal)) continue;
            if (File.Exists(Path.Combine(dir, name + ".json"))) names.Add(name);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Runs the scripts (or just <paramref name="only"/>) and writes one line per script.</summary>
    public static SpecTotals Run(string directory, string? only, TextWriter output, bool verbose)
    {
        var totals = new SpecTotals(0, 0, 0);
        var engine = new WasmEngine();
        foreach (var name in ScriptNames(directory))
        {
            if (only is not null && name != only) continue;
            var result = SpecScript.Run(Path.Combine(directory, name, name + ".json"), engine);
            output.WriteLine($"{name}: {result.Totals.Passed} passed, {result.Totals.Failed} failed, {result.Totals.Skipped} skipped");
            if (verbose)
                foreach (var failure in result.Failures) output.WriteLine($"  {failure}");
            totals += result.Totals;
        }
        return totals;
    }
}
