using Selegic.Extensions.Wasm.Runtime;
using Selegic.Extensions.Wasm.Tests.Tools;

namespace Selegic.Extensions.Wasm.Tests.Runtime;

/// <summary>WasmInstance.MemoryGrowRefusals lets the Runner name a memory bomb whatever the guest does after a refused grow.</summary>
public sealed class MemoryGrowRefusalTests
{
    private const string Grower = """
        (module (memory 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """;

    [Fact]
    public void Refused_grows_are_counted_and_successful_ones_are_not()
    {
        var instance = new Linker().Instantiate(new WasmEngine().Compile(WasmCompilers.CompileWat(Grower)), new InstanceLimits { MaxMemoryPages = 3 });
        var grow = instance.GetFunction("grow");

        Assert.Equal(1, grow.Invoke(WasmValue.I32(2))[0].AsI32());
        Assert.Equal(0, instance.MemoryGrowRefusals);
        Assert.Equal(-1, grow.Invoke(WasmValue.I32(1))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(WasmValue.I32(100))[0].AsI32());
        Assert.Equal(2, instance.MemoryGrowRefusals);
    }
}
