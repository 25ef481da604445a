using Wasmtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>The "spectest" host module the test scripts import (see the suite's README).</summary>
public static class SpectestModule
{
    public static void DefineIn(Linker linker, Store store)
    {
        void Print(string name, params ValueKind[] parameters) =>
            linker.DefineFunction("spectest", name, static (Caller _, ReadOnlySpan<ValueBox> _, Span<ValueBox> _) => { }, parameters, []);

        Print("print");
        Print("print_i32", ValueKind.Int32);
        Print("print_i64", ValueKind.Int64);
        Print("print_f32", ValueKind.Float32);
        Print("print_f64", ValueKind.Float64);
        Print("print_i32_f32", ValueKind.Int32, ValueKind.Float32);
        Print("print_f64_f64", ValueKind.Float64, ValueKind.Float64);

        linker.Define("spectest", "global_i32", new Global(store, ValueKind.Int32, 666, Mutability.Immutable));
        linker.Define("spectest", "global_i64", new Global(store, ValueKind.Int64, 666L, Mutability.Immutable));
        linker.Define("spectest", "global_f32", new Global(store, ValueKind.Float32, 666.6f, Mutability.Immutable));
        linker.Define("spectest", "global_f64", new Global(store, ValueKind.Float64, 666.6, Mutability.Immutable));
        linker.Define("spectest", "table", new Table(store, TableKind.FuncRef, null, 10, 20));
        linker.Define("spectest", "memory", new Memory(store, 1, 2));
    }
}
