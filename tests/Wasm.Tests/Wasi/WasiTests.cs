using System.Text;
using Selegic.Extensions.Wasm.Tests.Tools;
using Selegic.Extensions.Wasm.Wasi;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Tests.Wasi;

/// <summary>The WASI preview-1 subset, seen from a real wasi-libc program (Programs/C/wasi_probe.c).</summary>
public sealed class WasiTests
{
    private static readonly WasmEngine Engine = new();
    private static readonly Lazy<WasmModule> Probe = new(() => Engine.Compile(WasmCompilers.CompileC("C/wasi_probe.c")));

    [Fact]
    public void Program_sees_args_environment_stdin_clocks_and_randomness_but_no_files()
    {
        var result = WasiRunner.Run(Probe.Value, new WasiConfiguration
        {
            Arguments = ["probe", "report", "ünï cödé", ""],
            Environment = [new("HOME", "/home/guest"), new("EMPTY", "")],
            Stdin = new MemoryStream(Encoding.UTF8.GetBytes("hello")),
        });

        Assert.Null(result.Failure);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            argc=4
            argv[1]=report
            argv[2]=ünï cödé
            argv[3]=
            env HOME=/home/guest
            env EMPTY=
            getenv HOME=/home/guest
            stdin 5 bytes, hash 05e918d2
            realtime after 2020: yes
            monotonic non-decreasing: yes
            monotonic resolution positive: yes
            getentropy=0 nonzero bytes>32: yes
            fopen /etc/passwd: failed
            isatty(1)=0

            """.ReplaceLineEndings("\n"), Encoding.UTF8.GetString(result.Stdout));
        Assert.Equal("to stderr\n", Encoding.UTF8.GetString(result.Stderr));
    }

    [Fact]
    public void Clocks_and_random_come_from_the_configured_sources()
    {
        var fixedTime = new FixedTimeProvider(new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var result = WasiRunner.Run(Probe.Value, new WasiConfiguration
        {
            Arguments = ["probe"],
            Time = fixedTime,
            Random = buffer => buffer.Clear(),
        });

        var text = Encoding.UTF8.GetString(result.Stdout);
        Assert.Contains("realtime after 2020: no", text);
        Assert.Contains("getentropy=0 nonzero bytes>32: no", text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(42)]
    [InlineData(255)]
    public void Proc_exit_sets_the_exit_code_and_keeps_earlier_output(int code)
    {
        var result = WasiRunner.Run(Probe.Value, new WasiConfiguration { Arguments = ["probe", "exit", code.ToString()] });

        Assert.Null(result.Failure);
        Assert.Equal(code, result.ExitCode);
        Assert.Equal($"exiting with {code}\n", Encoding.UTF8.GetString(result.Stdout));
    }

    [Fact]
    public void Endless_output_stops_at_the_stdout_cap_with_exactly_the_cap_written()
    {
        var result = WasiRunner.Run(Probe.Value, new WasiConfiguration { Arguments = ["probe", "flood"], MaxStdoutBytes = 100_000 });

        var limit = Assert.IsType<WasiOutputLimitException>(result.Failure);
        Assert.Equal(1, limit.FileDescriptor);
        Assert.Equal(WasiRunResult.FailureExitCode, result.ExitCode);
        Assert.Equal(100_000, result.Stdout.Length);
        Assert.StartsWith("line 0 of an endless stream of output\nline 1 ", Encoding.UTF8.GetString(result.Stdout));
    }

    [Fact]
    public void Output_goes_to_the_configured_sinks_instead_of_being_captured()
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var result = WasiRunner.Run(Probe.Value, new WasiConfiguration { Arguments = ["probe"], Stdout = stdout, Stderr = stderr });

        Assert.Empty(result.Stdout);
        Assert.Empty(result.Stderr);
        Assert.Contains("argc=1\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("to stderr\n", Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public void Runner_links_extra_host_imports_next_to_wasi()
    {
        const string wat = """
            (module
              (import "host" "answer" (func $answer (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (call $answer))))
            """;
        var module = Engine.Compile(WasmCompilers.CompileWat(wat));

        var result = WasiRunner.Run(module, new WasiConfiguration(), defineImports: linker => linker.DefineFunction(
            "host", "answer", new Model.FunctionType([], [Model.ValueType.I32]), (_, _) => [WasmValue.I32(42)]));

        Assert.Null(result.Failure);
        Assert.Equal(42, result.ExitCode);
        Assert.Throws<WasmLinkException>(() => WasiRunner.Run(module, new WasiConfiguration()));
    }

    [Fact]
    public void Every_preview1_function_is_defined_so_any_preview1_module_links()
    {
        var wat = new StringBuilder("(module\n");
        foreach (var (name, parameters, results) in Preview1Signatures)
            wat.Append($"  (import \"wasi_snapshot_preview1\" \"{name}\" (func (param {parameters}) (result {results})))\n".Replace("(param )", "").Replace("(result )", ""));
        wat.Append("  (memory (export \"memory\") 1)\n  (func (export \"_start\")))");

        var result = WasiRunner.Run(Engine.Compile(WasmCompilers.CompileWat(wat.ToString())), new WasiConfiguration());

        Assert.Null(result.Failure);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Unsupported_calls_return_enosys_or_ebadf_and_bad_pointers_or_counts_are_refused()
    {
        const string wat = """
            (module
              (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_pread" (func $pread (param i32 i32 i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "path_open") (result i32) (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)))
              (func (export "poll_oneoff") (result i32) (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
              (func (export "pread_stdin") (result i32) (call $pread (i32.const 0) (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 0)))
              (func (export "pread_fd9") (result i32) (call $pread (i32.const 9) (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 0)))
              (func (export "write_fd7") (result i32) (call $write (i32.const 7) (i32.const 0) (i32.const 0) (i32.const 0)))
              (func (export "write_iovec_outside_memory") (result i32)
                (i32.store (i32.const 0) (i32.const 65530)) (i32.store (i32.const 4) (i32.const 100))
                (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
              (func (export "write_1025_iovecs") (result i32) (call $write (i32.const 1) (i32.const 0) (i32.const 1025) (i32.const 0)))
              (func (export "write_iovec_array_past_memory") (result i32) (call $write (i32.const 1) (i32.const 65528) (i32.const 2) (i32.const 0)))
              (func (export "prestat_fd3") (result i32) (call $prestat (i32.const 3) (i32.const 0)))
              (func (export "args_sizes_outside_memory") (result i32) (call $args_sizes (i32.const 65535) (i32.const 0)))
              (func (export "_start")))
            """;
        var module = Engine.Compile(WasmCompilers.CompileWat(wat));
        var wasi = new WasiContext(new WasiConfiguration());
        var instance = wasi.DefineImports(new Linker()).Instantiate(module);
        int Call(string name) => instance.GetFunction(name).Invoke()[0].AsI32();

        Assert.Equal((int)WasiErrno.BadFileDescriptor, Call("path_open"));
        Assert.Equal((int)WasiErrno.FunctionNotSupported, Call("poll_oneoff"));
        Assert.Equal((int)WasiErrno.FunctionNotSupported, Call("pread_stdin"));
        Assert.Equal((int)WasiErrno.BadFileDescriptor, Call("pread_fd9"));
        Assert.Equal((int)WasiErrno.BadFileDescriptor, Call("write_fd7"));
        Assert.Equal((int)WasiErrno.Fault, Call("write_iovec_outside_memory"));
        Assert.Equal((int)WasiErrno.Invalid, Call("write_1025_iovecs"));
        Assert.Equal((int)WasiErrno.Fault, Call("write_iovec_array_past_memory"));
        Assert.Equal((int)WasiErrno.BadFileDescriptor, Call("prestat_fd3"));
        Assert.Equal((int)WasiErrno.Fault, Call("args_sizes_outside_memory"));
        Assert.Empty(wasi.CapturedStdout);
    }

    [Fact]
    public void AssemblyScript_abort_prints_its_message_and_exits_134_like_the_node_reference()
    {
        var wasm = WasmCompilers.CompileAssemblyScript("AssemblyScript/abort_demo.ts", wasiShim: false);
        var result = WasiRunner.Run(Engine.Compile(wasm), new WasiConfiguration());
        var node = NodeReference.RunWasi(wasm, []);

        Assert.Equal(WasiContext.AbortExitCode, result.ExitCode);
        Assert.Equal(node.ExitCode, result.ExitCode);
        Assert.Equal("abort: the answer must be 42 at abort_demo.ts:9:3\n", Encoding.UTF8.GetString(result.Stderr));
        Assert.Contains(Encoding.UTF8.GetString(result.Stderr), node.Stderr);
    }

    /// <summary>All 46 preview-1 functions with their core-wasm signatures (from the witx definitions).</summary>
    private static readonly (string Name, string Parameters, string Results)[] Preview1Signatures =
    [
        ("args_get", "i32 i32", "i32"), ("args_sizes_get", "i32 i32", "i32"),
        ("environ_get", "i32 i32", "i32"), ("environ_sizes_get", "i32 i32", "i32"),
        ("clock_res_get", "i32 i32", "i32"), ("clock_time_get", "i32 i64 i32", "i32"),
        ("fd_advise", "i32 i64 i64 i32", "i32"), ("fd_allocate", "i32 i64 i64", "i32"),
        ("fd_close", "i32", "i32"), ("fd_datasync", "i32", "i32"),
        ("fd_fdstat_get", "i32 i32", "i32"), ("fd_fdstat_set_flags", "i32 i32", "i32"),
        ("fd_fdstat_set_rights", "i32 i64 i64", "i32"), ("fd_filestat_get", "i32 i32", "i32"),
        ("fd_filestat_set_size", "i32 i64", "i32"), ("fd_filestat_set_times", "i32 i64 i64 i32", "i32"),
        ("fd_pread", "i32 i32 i32 i64 i32", "i32"), ("fd_prestat_get", "i32 i32", "i32"),
        ("fd_prestat_dir_name", "i32 i32 i32", "i32"), ("fd_pwrite", "i32 i32 i32 i64 i32", "i32"),
        ("fd_read", "i32 i32 i32 i32", "i32"), ("fd_readdir", "i32 i32 i32 i64 i32", "i32"),
        ("fd_renumber", "i32 i32", "i32"), ("fd_seek", "i32 i64 i32 i32", "i32"),
        ("fd_sync", "i32", "i32"), ("fd_tell", "i32 i32", "i32"),
        ("fd_write", "i32 i32 i32 i32", "i32"), ("path_create_directory", "i32 i32 i32", "i32"),
        ("path_filestat_get", "i32 i32 i32 i32 i32", "i32"), ("path_filestat_set_times", "i32 i32 i32 i32 i64 i64 i32", "i32"),
        ("path_link", "i32 i32 i32 i32 i32 i32 i32", "i32"), ("path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32", "i32"),
        ("path_readlink", "i32 i32 i32 i32 i32 i32", "i32"), ("path_remove_directory", "i32 i32 i32", "i32"),
        ("path_rename", "i32 i32 i32 i32 i32 i32", "i32"), ("path_symlink", "i32 i32 i32 i32 i32", "i32"),
        ("path_unlink_file", "i32 i32 i32", "i32"), ("poll_oneoff", "i32 i32 i32 i32", "i32"),
        ("proc_exit", "i32", ""), ("proc_raise", "i32", "i32"),
        ("sched_yield", "", "i32"), ("random_get", "i32 i32", "i32"),
        ("sock_accept", "i32 i32 i32", "i32"), ("sock_recv", "i32 i32 i32 i32 i32 i32", "i32"),
        ("sock_send", "i32 i32 i32 i32 i32", "i32"), ("sock_shutdown", "i32 i32", "i32"),
    ];

    [Fact]
    public void One_linker_resolving_the_context_per_instance_keeps_each_instances_output_apart()
    {
        const string wat = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "say") (param $byte i32) (result i32)
                (i32.store8 (i32.const 100) (local.get $byte))
                (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 1))
                (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
            """;
        var module = Engine.Compile(WasmCompilers.CompileWat(wat));
        var shared = WasiContext.DefineImports(new Linker(), context => (WasiContext)context.HostState!);
        var first = new WasiContext(new WasiConfiguration());
        var second = new WasiContext(new WasiConfiguration());
        var a = shared.Instantiate(module, hostState: first);
        var b = shared.Instantiate(module, hostState: second);

        Assert.Equal(0, a.GetFunction("say").Invoke(WasmValue.I32('a'))[0].AsI32());
        Assert.Equal(0, b.GetFunction("say").Invoke(WasmValue.I32('b'))[0].AsI32());
        Assert.Equal(0, a.GetFunction("say").Invoke(WasmValue.I32('c'))[0].AsI32());

        Assert.Equal("ac", System.Text.Encoding.ASCII.GetString(first.CapturedStdout));
        Assert.Equal("b", System.Text.Encoding.ASCII.GetString(second.CapturedStdout));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
