using Selegic.Extensions.TestSupport;

namespace Selegic.Extensions.Cli.Tests.Wasm;

/// <summary>`scrm wasm run`, run as a real process on modules from real compilers (clang, wat2wasm).</summary>
public sealed class WasmRunCommandTests
{
    private static readonly Lazy<string> Probe = new(() => WasmCli.ModuleFile(WasmCompilers.CompileC("C/wasi_probe.c")));

    private static string Wat(string text) => WasmCli.ModuleFile(WasmCompilers.CompileWat(text));

    private static readonly Lazy<string> InfiniteLoop = new(() => Wat("""(module (func (export "_start") (loop $l (br $l))))"""));

    [Fact]
    public void Runs_a_wasi_program_with_args_env_and_stdin_and_forwards_its_output()
    {
        var result = WasmCli.Run(["wasm", "run", "--env", "HOME=/home/x", Probe.Value, "report", "two words"], stdin: "hello");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("argc=3\nargv[1]=report\nargv[2]=two words\nenv HOME=/home/x\n", result.Stdout);
        Assert.Contains("stdin 5 bytes, hash 05e918d2\n", result.Stdout);
        Assert.Contains("fopen /etc/passwd: failed\n", result.Stdout);
        Assert.Equal("to stderr\n", result.Stderr);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(77)]
    public void Exit_code_is_the_programs(int code)
    {
        var result = WasmCli.Run(["wasm", "run", Probe.Value, "exit", code.ToString()]);

        Assert.Equal(code, result.ExitCode);
        Assert.Equal($"exiting with {code}\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Fuel_stops_an_infinite_loop()
    {
        var result = WasmCli.Run(["wasm", "run", "--fuel", "1000000", InfiniteLoop.Value]);

        Assert.Equal(134, result.ExitCode);
        Assert.StartsWith("error: wasm trap (OutOfFuel)", result.Stderr);
    }

    [Fact]
    public void Timeout_stops_an_infinite_loop()
    {
        var result = WasmCli.Run(["wasm", "run", "--timeout-ms", "200", InfiniteLoop.Value]);

        Assert.Equal(134, result.ExitCode);
        Assert.StartsWith("error: wasm trap (DeadlineExceeded)", result.Stderr);
    }

    [Theory]
    [InlineData("1MiB", "16")]
    [InlineData("1048576", "16")]
    [InlineData("200000", "3")]
    [InlineData("512 KiB", "8")]
    public void Max_memory_caps_memory_grow(string size, string expectedPages)
    {
        var bomb = Wat("""
            (module (memory 1)
              (func (export "grow_until_refused") (result i32)
                (loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
                (memory.size)))
            """);

        var result = WasmCli.Run(["wasm", "run", "--max-memory", size, "--invoke", "grow_until_refused", bomb]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expectedPages + "\n", result.Stdout);
    }

    [Fact]
    public void Invoke_calls_an_export_with_typed_arguments_and_prints_each_result()
    {
        var module = Wat("""
            (module
              (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
              (func (export "swap") (param f32 f64) (result f64 f32) (local.get 1) (local.get 0)))
            """);

        var add = WasmCli.Run(["wasm", "run", "--invoke", "add", module, "--", "-5", "18446744073709551615"]);
        var swap = WasmCli.Run(["wasm", "run", "--invoke", "swap", module, "1.5", "-inf"]);

        Assert.Equal((0, "-6\n"), (add.ExitCode, add.Stdout));
        Assert.Equal((0, "-inf\n1.5\n"), (swap.ExitCode, swap.Stdout));
    }

    [Theory]
    [InlineData(new[] { "--invoke", "nope" }, "exports no function \"nope\"")]
    [InlineData(new[] { "--invoke", "add", "1" }, "takes 2 argument(s)")]
    [InlineData(new[] { "--invoke", "add", "1", "x" }, "is not a valid i32")]
    [InlineData(new[] { "--max-memory", "lots" }, "--max-memory")]
    [InlineData(new[] { "--fuel", "0" }, "--fuel must be a whole number")]
    [InlineData(new[] { "--fuel", "lots" }, "--fuel must be a whole number")]
    [InlineData(new[] { "--timeout-ms", "-5" }, "--timeout-ms must be a whole number")]
    public void Bad_command_lines_exit_2_with_a_message(string[] options, string message)
    {
        var module = Wat("""(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))""");
        var invokeArgs = options.Length > 2 ? options[2..] : [];

        var result = WasmCli.Run(["wasm", "run", .. options[..2], module, .. invokeArgs]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void Missing_file_exits_2()
    {
        var result = WasmCli.Run(["wasm", "run", "/nonexistent/program.wasm"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: cannot read /nonexistent/program.wasm", result.Stderr);
    }

    [Fact]
    public void Malformed_module_exits_3()
    {
        var result = WasmCli.Run(["wasm", "run", WasmCli.ModuleFile("\0asm\u0001\0\0\0\u0001\u00ff garbage"u8.ToArray())]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: malformed module: ", result.Stderr);
    }

    [Fact]
    public void Invalid_module_exits_3()
    {
        // (func (result i32) (i64.const 1)) written by hand: wat2wasm would refuse to assemble it.
        byte[] wasm = [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7F, 3, 2, 1, 0, 10, 6, 1, 4, 0, 0x42, 1, 0x0B];

        var result = WasmCli.Run(["wasm", "run", WasmCli.ModuleFile(wasm)]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: invalid module: ", result.Stderr);
        Assert.Contains("type mismatch", result.Stderr);
    }

    [Theory]
    [InlineData("""(module (import "somewhere" "something" (func)) (func (export "_start")))""", 3, "error: cannot link module: ")]
    [InlineData("""(module (func (export "main")))""", 3, "error: cannot link module: it exports no _start function")]
    [InlineData("""(module (func $f (export "_start") (call $f)))""", 134, "error: wasm trap (CallStackExhausted): ")]
    [InlineData("""(module (func (export "_start") (drop (i32.div_s (i32.const 1) (i32.const 0)))))""", 134,
        "error: wasm trap (IntegerDivideByZero): integer divide by zero")]
    public void Unrunnable_or_trapping_module_exits_with_its_code_and_names_the_reason(string wat, int exitCode, string stderrStart)
    {
        var result = WasmCli.Run(["wasm", "run", Wat(wat)]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.StartsWith(stderrStart, result.Stderr);
    }

    [Fact]
    public void Help_documents_the_limits_and_exit_codes()
    {
        var result = WasmCli.Run(["wasm", "run", "--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--fuel", "--timeout-ms", "--max-memory", "--invoke", "--env", "MiB", "Exit codes:" })
            Assert.Contains(option, result.Stdout);
    }
}
