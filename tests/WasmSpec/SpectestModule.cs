using Selegic.Extensions.Wasm;
using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.WasmSpec;

/// <summary>The "spectest" host module the test scripts import (see the suite's README).</summary>
public static class SpectestModule
{
    public static void DefineIn(Linker linker)
    {
        void Print(string name, params ValueType[] parameters) =>
            linker.DefineFunction("spectest", name, new FunctionType(parameters, []), static (_, _) => []);

        Print("print");
        Print("print_i32", ValueType.I32);
        Print("print_i64", ValueType.I64);
        Print("print_f32", ValueType.F32);
        Print("print_f64", ValueType.F64);
        Print("print_i32_f32", ValueType.I32, ValueType.F32);
        Print("print_f64_f64", ValueType.F64, ValueType.F64);

        linker.Define("spectest", "global_i32", new WasmGlobal(new GlobalType(ValueType.I32, false), WasmValue.I32(666)));
        linker.Define("spectest", "global_i64", new WasmGlobal(new GlobalType(ValueType.I64, false), WasmValue.I64(666)));
        linker.Define("spectest", "global_f32", new WasmGlobal(new GlobalType(ValueType.F32, false), WasmValue.F32(666.6f)));
        linker.Define("spectest", "global_f64", new WasmGlobal(new GlobalType(ValueType.F64, false), WasmValue.F64(666.6)));
        linker.Define("spectest", "table", new WasmTable(new TableType(ValueType.FuncRef, new Limits(10, 20))));
        linker.Define("spectest", "memory", new WasmMemory(new MemoryType(new Limits(1, 2))));
    }
}
