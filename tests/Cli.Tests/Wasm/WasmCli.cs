using System.Security.Cryptography;
using System.Text;
using Selegic.Extensions.Cli.Tests.Support;
using Selegic.Extensions.TestSupport;

namespace Selegic.Extensions.Cli.Tests.Wasm;

/// <summary>
/// Runs the built scrm as a separate process for `scrm wasm run`, with stdin fed and closed
/// (unlike <see cref="ScrmProcess"/>, which leaves stdin alone: WASI programs read it).
/// </summary>
public static class WasmCli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "scrm.dll");

    public static ScrmRun Run(string[] arguments, string stdin = "")
    {
        var outcome = ExternalProcess.Run("dotnet", [Dll, .. arguments], stdin: Encoding.UTF8.GetBytes(stdin));
        return new ScrmRun(outcome.ExitCode, Encoding.UTF8.GetString(outcome.Stdout), outcome.Stderr);
    }

    /// <summary>Writes a module to a file (named by its hash, in the compiled-program cache) for scrm to load.</summary>
    public static string ModuleFile(byte[] wasm)
    {
        var path = Path.Combine(RepositoryPaths.CompiledProgramCache, $"cli-{Convert.ToHexStringLower(SHA256.HashData(wasm))}.wasm");
        if (!File.Exists(path)) File.WriteAllBytes(path, wasm);
        return path;
    }
}
