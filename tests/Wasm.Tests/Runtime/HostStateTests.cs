using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.Wasm.Tests.Tools;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

/// <summary>One linker with stateless host functions serves many instances; each call sees its own instance's state.</summary>
public sealed class HostStateTests
{
    private const string Caller = """
        (module (import "host" "note" (func $note (param i32)))
          (func (export "run") (param i32) (call $note (local.get 0))))
        """;

    [Fact]
    public void Each_instance_hands_its_own_state_to_the_shared_host_functions()
    {
        var linker = new Linker().DefineFunction("host", "note", new FunctionType([ValueType.I32], []), (context, args) =>
        {
            ((List<int>)context.HostState!).Add(args[0].AsI32());
            return [];
        });
        var module = new WasmEngine().Compile(WasmCompilers.CompileWat(Caller));
        var first = new List<int>();
        var second = new List<int>();
        var a = linker.Instantiate(module, hostState: first);
        var b = linker.Instantiate(module, hostState: second);

        a.GetFunction("run").Invoke(WasmValue.I32(1));
        b.GetFunction("run").Invoke(WasmValue.I32(2));
        a.GetFunction("run").Invoke(WasmValue.I32(3));

        Assert.Equal([1, 3], first);
        Assert.Equal([2], second);
    }

    [Fact]
    public void Without_state_host_functions_see_null()
    {
        object? seen = "unset";
        var linker = new Linker().DefineFunction("host", "note", new FunctionType([ValueType.I32], []), (context, _) =>
        {
            seen = context.HostState;
            return [];
        });
        linker.Instantiate(new WasmEngine().Compile(WasmCompilers.CompileWat(Caller))).GetFunction("run").Invoke(WasmValue.I32(0));
        Assert.Null(seen);
    }
}
