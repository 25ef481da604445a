using System.Text;
using Selegic.Extensions.Wasm.Tests.Tools;

namespace Selegic.Extensions.Cli.Tests.Wasm;

public sealed record ScrmOutcome(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built scrm (copied next to the tests by the project reference) as a separate process.</summary>
public static class Scrm
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "scrm.dll");

    public static ScrmOutcome Run(string[] arguments, string stdin = "")
    {
        var outcome = ExternalProcess.Run("dotnet", [Dll, .. arguments], stdin: Encoding.UTF8.GetBytes(stdin));
        return new ScrmOutcome(outcome.ExitCode, Encoding.UTF8.GetString(outcome.Stdout), outcome.Stderr);
    }

    /// <summary>Writes a module to a temporary file for scrm to load.</summary>
    public static string ModuleFile(byte[] wasm)
    {
        var path = Path.Combine(RepositoryPaths.CompiledProgramCache, $"cli-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wasm))}.wasm");
        if (!File.Exists(path)) File.WriteAllBytes(path, wasm);
        return path;
    }
}
