using Wasmtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>Pass/fail counts of one script or of the whole suite.</summary>
public sealed record SpecTotals(int Passed, int Failed)
{
    public static SpecTotals operator +(SpecTotals a, SpecTotals b) => new(a.Passed + b.Passed, a.Failed + b.Failed);
}

/// <summary>Runs the scripts of the converted spec test suite, SIMD included.</summary>
public static class SpecSuite
{
    /// <summary>The script names: every folder holding its wast2json output.</summary>
    public static IReadOnlyList<string> ScriptNames(string directory)
    {
        var names = Directory.GetDirectories(directory)
            .Select(Path.GetFileName)
            .Where(name => File.Exists(Path.Combine(directory, name!, name + ".json")))
            .Select(name => name!)
            .ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public static SpecScriptResult RunScript(string directory, string name, Engine engine) =>
        SpecScript.Run(Path.Combine(directory, name, name + ".json"), engine);

    /// <summary>
    /// Runs the scripts (or just <paramref name="only"/>) and writes one line per script. With a
    /// <paramref name="fallback"/> engine a script that loads a module <paramref name="engine"/>
    /// refuses but the fallback compiles runs on the fallback, as the module cache does with
    /// modules the baseline compiler refuses; those scripts are counted in <c>FellBack</c>.
    /// </summary>
    public static (SpecTotals Totals, int FellBack) Run(string directory, string? only, Engine engine, TextWriter output, bool verbose, Engine? fallback = null)
    {
        var totals = new SpecTotals(0, 0);
        var fellBack = 0;
        foreach (var name in ScriptNames(directory))
        {
            if (only is not null && name != only) continue;
            var runOn = engine;
            if (fallback is not null && SpecScript.LoadsAModuleOnlyTheFallbackCompiles(Path.Combine(directory, name, name + ".json"), engine, fallback))
            {
                runOn = fallback;
                fellBack++;
            }
            var result = RunScript(directory, name, runOn);
            output.WriteLine($"{name}: {result.Totals.Passed} passed, {result.Totals.Failed} failed{(runOn == engine ? "" : " (on the fallback compiler)")}");
            if (verbose)
                foreach (var failure in result.Failures) output.WriteLine($"  {failure}");
            totals += result.Totals;
        }
        return (totals, fellBack);
    }
}
