using System.Text;
using Selegic.Extensions.Wasm.Tests.Tools;
using Selegic.Extensions.Wasm.Wasi;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Programs;

/// <summary>
/// Real programs from real compilers (clang for wasm32-wasi, AssemblyScript) run under our
/// engine and under Node.js; stdout and exit code must be identical.
/// </summary>
public sealed class RealProgramTests
{
    private static readonly WasmEngine Engine = new();

    public static TheoryData<string, string[], string> CPrograms => new()
    {
        { "C/sha256.c", [], "" },
        { "C/sha256.c", ["-"], "stdin through fd_read, long enough to need more than one read call. " + new string('x', 10000) },
        { "C/nbody.c", ["20000"], "" },
        { "C/malloc_churn.c", ["200"], "" },
        { "C/function_pointers.c", [], "" },
        { "C/function_pointers.c", ["--sort", "20000"], "" },
    };

    [Theory]
    [MemberData(nameof(CPrograms))]
    public void C_program_output_and_exit_code_match_node(string source, string[] args, string stdin)
    {
        var wasm = WasmCompilers.CompileC(source);
        AssertSameAsNode(wasm, args, Encoding.UTF8.GetBytes(stdin));
    }

    [Fact]
    public void AssemblyScript_strings_arrays_and_maps_match_node()
    {
        var wasm = WasmCompilers.CompileAssemblyScript("AssemblyScript/word_stats.ts");
        var ours = AssertSameAsNode(wasm, ["extra", "words", "for", "the", "map"], []);
        Assert.Contains("the......... 11", ours);   // 10 in the text, 1 from argv
        Assert.Contains("longest: foolishness, incredulity", ours);
    }

    [Fact]
    public void Sha256_known_answers()
    {
        var output = RunOurs(WasmCompilers.CompileC("C/sha256.c"), [], []).Stdout;
        var text = Encoding.UTF8.GetString(output);
        Assert.Contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  \"abc\"", text);
        Assert.Contains("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0  one million 'a'", text);
    }

    [Fact]
    public void Function_pointer_program_really_uses_call_indirect_and_exits_non_zero()
    {
        var wasm = WasmCompilers.CompileC("C/function_pointers.c");
        var file = Path.Combine(RepositoryPaths.CompiledProgramCache, $"objdump-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(file, wasm);
        string disassembly;
        try { disassembly = Encoding.UTF8.GetString(ExternalProcess.RunChecked("wasm-objdump", ["-d", file]).Stdout); }
        finally { File.Delete(file); }

        var result = RunOurs(wasm, [], []);

        Assert.True(disassembly.Split("call_indirect").Length - 1 >= 5, "expected clang to emit call_indirect for the function pointers");
        Assert.Null(result.Failure);
        Assert.NotEqual(0, result.ExitCode);
    }

    private static string AssertSameAsNode(byte[] wasm, string[] args, byte[] stdin)
    {
        var ours = RunOurs(wasm, args, stdin);
        var node = NodeReference.RunWasi(wasm, args, stdin);
        Assert.Null(ours.Failure);
        Assert.True(node.Stdout.Length > 0, $"node printed nothing; stderr: {node.Stderr}");
        Assert.Equal(Encoding.UTF8.GetString(node.Stdout), Encoding.UTF8.GetString(ours.Stdout));
        Assert.Equal(node.ExitCode, ours.ExitCode);
        return Encoding.UTF8.GetString(ours.Stdout);
    }

    private static WasiRunResult RunOurs(byte[] wasm, string[] args, byte[] stdin) =>
        WasiRunner.Run(Engine.Compile(wasm), new WasiConfiguration
        {
            Arguments = ["program", .. args],
            Stdin = new MemoryStream(stdin),
        });
}
