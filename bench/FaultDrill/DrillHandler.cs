using System.Diagnostics;

namespace Selegic.Extensions.Bench.FaultDrill;

/// <summary>The gateway tests' handler (tests/Frontend.Tests/Gateway/Handlers/gateway_handler.c), built with Debian's clang; the drill calls its GET /noop.</summary>
public static class DrillHandler
{
    public static byte[] Compile()
    {
        var root = FindRoot();
        var output = Path.Combine(Path.GetTempPath(), $"scrm-faultdrill-{Guid.NewGuid():N}.wasm");
        var start = new ProcessStartInfo("clang") { RedirectStandardError = true };
        foreach (var argument in new[] { "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--strip-all", "-I", Path.Combine(root, "sdk", "c"),
                     Path.Combine(root, "tests", "Frontend.Tests", "Gateway", "Handlers", "gateway_handler.c"), "-o", output })
            start.ArgumentList.Add(argument);
        using var clang = Process.Start(start)!;
        var errors = clang.StandardError.ReadToEnd();
        clang.WaitForExit();
        if (clang.ExitCode != 0) throw new InvalidOperationException($"clang failed: {errors}");
        var bytes = File.ReadAllBytes(output);
        File.Delete(output);
        return bytes;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Extensions.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Extensions.sln above {AppContext.BaseDirectory}");
    }
}
