using Selegic.Extensions.WasmSpec;

// Usage: WasmSpec <json-dir> [--file NAME] [--verbose]
//   <json-dir>   the wast2json output folder (one sub-folder per script)
//   --file NAME  run only that script (e.g. --file br_table)
//   --verbose    print every failure: command line, expected, actual
string? directory = null;
string? only = null;
var verbose = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--file" when i + 1 < args.Length: only = args[++i]; break;
        case "--verbose" or "-v": verbose = true; break;
        default:
            if (directory is null && !args[i].StartsWith('-')) { directory = args[i]; break; }
            Console.Error.WriteLine($"unknown argument '{args[i]}'");
            return 2;
    }
}
if (directory is null || !Directory.Exists(directory))
{
    Console.Error.WriteLine("usage: WasmSpec <json-dir> [--file NAME] [--verbose]");
    return 2;
}

var totals = SpecSuite.Run(directory, only, Console.Out, verbose);
Console.WriteLine($"{totals.Passed} passed, {totals.Failed} failed, {totals.Skipped} skipped");
return totals.Failed == 0 && totals.Passed > 0 ? 0 : 1;
