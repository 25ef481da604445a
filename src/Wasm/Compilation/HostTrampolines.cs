using System.Collections.Concurrent;
using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// Per function type, a method with the compiled calling convention that packs its arguments
/// into <see cref="WasmValue"/>s and runs a host callback, so guest code calls host functions
/// exactly like guest functions (directly, through imports or through tables).
/// </summary>
internal static class HostTrampolines
{
    /// <summary>Host function types are few; the cap only guards against a host creating types without end.</summary>
    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<FunctionType, (DynamicMethod Method, IntPtr Entry)> Cache = new();

    /// <summary>The trampoline for <paramref name="type"/>; the caller must keep <c>Method</c> reachable while it uses <c>Entry</c>.</summary>
    public static (DynamicMethod Method, IntPtr Entry) For(FunctionType type)
    {
        if (Cache.TryGetValue(type, out var hit)) return hit;
        var method = Build(type);
        var made = (method, CallingConvention.EntryPoints([method])[0]);
        if (Cache.Count < MaxCached) Cache.TryAdd(type, made);
        return made;
    }

    private static DynamicMethod Build(FunctionType type)
    {
        var method = CallingConvention.NewMethod("wasm$host", CallingConvention.ReturnType(type), CallingConvention.ParameterTypes(type));
        var il = method.GetILGenerator();
        var args = il.DeclareLocal(typeof(WasmValue[]));
        il.Emit(OpCodes.Ldc_I4, type.Parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(WasmValue));
        il.Emit(OpCodes.Stloc, args);
        for (var i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, i);
            ValueMarshalling.EmitPack(il, type.Parameters[i]);
            il.Emit(OpCodes.Stelem, typeof(WasmValue));
        }
        var ctx = CallingConvention.ContextParameterIndex(type);
        il.Emit(OpCodes.Ldarg, ctx);
        il.Emit(OpCodes.Ldarg, ctx + 1);
        il.Emit(OpCodes.Ldarg, ctx + 2);
        il.Emit(OpCodes.Ldloc, args);
        il.Emit(OpCodes.Call, typeof(HostCalls).GetMethod(nameof(HostCalls.CallFromWasm))!);
        var results = il.DeclareLocal(typeof(WasmValue[]));
        il.Emit(OpCodes.Stloc, results);
        if (type.Results.Length == 1)
        {
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ldelema, typeof(WasmValue));
            ValueMarshalling.EmitUnpack(il, type.Results[0]);
        }
        else if (type.Results.Length > 1)
        {
            for (var i = 0; i < type.Results.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, type.Parameters.Length + i);
                il.Emit(OpCodes.Ldloc, results);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldelema, typeof(WasmValue));
                ValueMarshalling.EmitUnpack(il, type.Results[i]);
                il.Emit(CallingConvention.StoreIndirect(type.Results[i]));
            }
        }
        il.Emit(OpCodes.Ret);
        return method;
    }
}
