namespace Selegic.Extensions.Wasm.Tests.Tools;

/// <summary>The reference: the same module run under Node.js's WebAssembly (V8) and node:wasi.</summary>
public static class NodeReference
{
    public static ProcessOutcome RunWasi(byte[] wasm, IReadOnlyList<string> args, byte[]? stdin = null)
    {
        var file = Path.Combine(RepositoryPaths.CompiledProgramCache, $"node-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(file, wasm);
        try
        {
            var script = Path.Combine(RepositoryPaths.ProgramsDirectory, "run-under-node.mjs");
            return ExternalProcess.Run("node", ["--no-warnings", script, file, .. args], stdin: stdin ?? []);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
