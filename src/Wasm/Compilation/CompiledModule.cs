using System.Collections.Concurrent;
using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>Host-to-guest entry: unpacks the arguments, calls the compiled code, packs the results.</summary>
internal delegate void EntryInvoker(IntPtr code, InstanceContext context, int depth, WasmValue[] args, WasmValue[] results);

/// <summary>
/// The generated code of a module: one dynamic method per defined function (collectible once
/// the module and its instances are unreachable) and their entry points. Immutable apart from
/// lazily built, thread-safe caches.
/// </summary>
internal sealed class CompiledModule
{
    /// <summary>Invokers depend only on the signature, so modules share them (bounded, against hostile type counts).</summary>
    private const int MaxSharedInvokers = 4096;
    private static readonly ConcurrentDictionary<FunctionType, EntryInvoker> SharedInvokers = new();

    private readonly EntryInvoker?[] _invokers;

    private CompiledModule(ModuleDefinition definition, ModuleLayout layout, IntPtr[] entryPoints)
    {
        Definition = definition;
        Layout = layout; // holds the dynamic methods, keeping the code behind EntryPoints alive
        EntryPoints = entryPoints;
        _invokers = new EntryInvoker?[definition.Types.Length];
    }

    public ModuleDefinition Definition { get; }
    public ModuleLayout Layout { get; }

    /// <summary>Native entry point of each module-defined function.</summary>
    public IntPtr[] EntryPoints { get; }

    public static CompiledModule Compile(ModuleDefinition definition)
    {
        var layout = new ModuleLayout(definition);
        for (var i = 0; i < definition.Code.Length; i++)
        {
            var type = layout.FunctionType(layout.ImportedFunctionCount + i);
            layout.Methods[i] = CallingConvention.NewMethod($"wasm${layout.ImportedFunctionCount + i}",
                CallingConvention.ReturnType(type), CallingConvention.ParameterTypes(type));
        }
        for (var i = 0; i < definition.Code.Length; i++) FunctionCompiler.Compile(layout, i);
        return new CompiledModule(definition, layout, CallingConvention.EntryPoints(layout.Methods));
    }

    public EntryInvoker GetEntryInvoker(int typeIndex)
    {
        var invoker = Volatile.Read(ref _invokers[typeIndex]);
        if (invoker is not null) return invoker;
        var type = Definition.Types[typeIndex];
        if (!SharedInvokers.TryGetValue(type, out invoker))
        {
            invoker = BuildEntryInvoker(type);
            if (SharedInvokers.Count < MaxSharedInvokers) SharedInvokers.TryAdd(type, invoker);
        }
        return Interlocked.CompareExchange(ref _invokers[typeIndex], invoker, null) ?? invoker;
    }

    private static EntryInvoker BuildEntryInvoker(FunctionType type)
    {
        var method = CallingConvention.NewMethod("wasm$entry", typeof(void),
            [typeof(IntPtr), typeof(InstanceContext), typeof(int), typeof(WasmValue[]), typeof(WasmValue[])]);
        var il = method.GetILGenerator();
        for (var i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelema, typeof(WasmValue));
            ValueMarshalling.EmitUnpack(il, type.Parameters[i]);
        }
        var byRef = CallingConvention.ResultsByRef(type);
        var results = new LocalBuilder[type.Results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = il.DeclareLocal(CallingConvention.ClrType(type.Results[i]));
            if (byRef) il.Emit(OpCodes.Ldloca, results[i]);
        }
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_0);
        CallingConvention.EmitCalli(il, type);
        if (results.Length == 1) il.Emit(OpCodes.Stloc, results[0]);
        for (var i = 0; i < results.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)4);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldloc, results[i]);
            ValueMarshalling.EmitPack(il, type.Results[i]);
            il.Emit(OpCodes.Stelem, typeof(WasmValue));
        }
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<EntryInvoker>();
    }
}
