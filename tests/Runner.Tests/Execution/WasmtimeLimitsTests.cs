using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Execution;

/// <summary>How each per-installation limit reaches Wasmtime, and what the guest sees of it.</summary>
public sealed class WasmtimeLimitsTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly LocalRunner _runner;

    public WasmtimeLimitsTests() => _runner = new LocalRunner(_source, new ActionInvokerTestDouble());

    private Task<ExecuteResponse> Run(byte[] wasm, HandlerLimits? limits = null) =>
        _runner.ExecuteAsync(Requests.Get(_source.Add(wasm), limits: limits));

    [Fact]
    public async Task Memory_cap_refuses_growth_past_it_and_the_guest_sees_minus_one()
    {
        // 2 MiB cap, 1 page at start: growing by 31 pages fits exactly, one more page is refused.
        var handler = WatHandler.Build("""
            (if (i32.ne (memory.grow (i32.const 31)) (i32.const 1)) (then unreachable))
            (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
            (call $respond)
            """);
        var response = await Run(handler, new HandlerLimits { MemoryBytes = 2 * 1024 * 1024 });
        Assert.True(response.Code is null, response.Message);
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task A_trap_with_memory_far_below_the_cap_stays_a_trap()
    {
        var response = await Run(WatHandler.Build("(drop (memory.grow (i32.const 1))) unreachable"), new HandlerLimits { MemoryBytes = 64 * 1024 * 1024 });
        Assert.Equal(RunnerCodes.HandlerTrap, response.Code);
    }

    [Fact]
    public async Task Fuel_consumed_is_reported_and_stays_within_the_budget()
    {
        var response = await Run(WatHandler.Build("(call $respond)"), new HandlerLimits { Fuel = 1_000_000 });
        Assert.Null(response.Code);
        Assert.InRange(response.Statistics.FuelConsumed, 1, 1_000_000);
    }

    [Fact]
    public async Task Timeout_is_counted_in_wall_clock_time_through_the_epoch_ticker()
    {
        var response = await Run(WatHandler.Build("(loop $spin (br $spin)) (call $respond)"), new HandlerLimits { TimeoutMilliseconds = 100 });
        Assert.Equal(RunnerCodes.HandlerTimeout, response.Code);
        Assert.True(response.Statistics.ElapsedMilliseconds >= 100, $"stopped after {response.Statistics.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Global_state_does_not_survive_between_requests()
    {
        // Each request increments a mutable global and answers 200 only when it was 0 before.
        var handler = WatHandler.Build("""
            (global.set $count (i32.add (global.get $count) (i32.const 1)))
            (if (i32.ne (global.get $count) (i32.const 1)) (then unreachable))
            (call $respond)
            """, extra: "(global $count (mut i32) (i32.const 0))");
        var module = _source.Add(handler);
        for (var i = 0; i < 3; i++)
        {
            var response = await _runner.ExecuteAsync(Requests.Get(module));
            Assert.True(response.Code is null, response.Message);
        }
    }

    [Fact]
    public async Task Wasi_proc_exit_is_a_trap_and_stdout_reaches_the_log()
    {
        var handler = HandlerCompilers.Wat("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hello from stdout\n")
              (data (i32.const 0) "\10\00\00\00\12\00\00\00")
              (func (export "scrm_alloc") (param i32) (result i32) (i32.const 4096))
              (func (export "scrm_handle") (param i32 i32) (result i64)
                (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 64)))
                (call $exit (i32.const 3))
                (i64.const 0)))
            """);
        var response = await Run(handler);
        Assert.Equal(RunnerCodes.HandlerTrap, response.Code);
        Assert.Contains("proc_exit(3)", response.Message);
        Assert.Contains(response.Logs, l => l.Message == "hello from stdout");
    }

    [Fact]
    public async Task Wasi_output_past_its_cap_is_a_trap()
    {
        // 64 writes of one 1 KiB iovec: past the 16 KiB cap.
        var handler = HandlerCompilers.Wat("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "\00\10\00\00\00\04\00\00")
              (func (export "scrm_alloc") (param i32) (result i32) (i32.const 8192))
              (func (export "scrm_handle") (param i32 i32) (result i64)
                (local $i i32)
                (loop $more
                  (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 64)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $more (i32.lt_u (local.get $i) (i32.const 64))))
                (i64.const 0)))
            """);
        var response = await Run(handler);
        Assert.Equal(RunnerCodes.HandlerTrap, response.Code);
        Assert.Contains("stderr is capped", response.Message);
    }
}
