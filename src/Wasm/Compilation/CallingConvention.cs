using System.Reflection;
using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// How a wasm function looks as a .NET method. Parameters first (so call_indirect can resolve
/// the callee after its arguments are already on the IL stack), then one by-ref slot per result
/// when there is more than one, then the callee's context, the caller's context (host functions
/// use it to reach the caller's memory) and the call depth. One result is the return value.
/// </summary>
internal static class CallingConvention
{
    public static Type ClrType(ValueType type) => type switch
    {
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        _ => typeof(object),
    };

    public static bool ResultsByRef(FunctionType type) => type.Results.Length > 1;

    public static Type ReturnType(FunctionType type) =>
        type.Results.Length == 1 ? ClrType(type.Results[0]) : typeof(void);

    public static Type[] ParameterTypes(FunctionType type)
    {
        var list = new List<Type>(type.Parameters.Length + type.Results.Length + 3);
        foreach (var p in type.Parameters) list.Add(ClrType(p));
        if (ResultsByRef(type))
            foreach (var r in type.Results) list.Add(ClrType(r).MakeByRefType());
        list.Add(typeof(InstanceContext));
        list.Add(typeof(InstanceContext));
        list.Add(typeof(int));
        return [.. list];
    }

    /// <summary>Index of the callee-context parameter; the caller context and depth follow it.</summary>
    public static int ContextParameterIndex(FunctionType type) =>
        type.Parameters.Length + (ResultsByRef(type) ? type.Results.Length : 0);

    /// <summary>
    /// Anonymously hosted, so the JIT always optimizes it (a method tied to this assembly would
    /// inherit a Debug build's "no optimizations"); restricted skip-visibility lets it read the
    /// runtime's internal fields.
    /// </summary>
    public static DynamicMethod NewMethod(string name, Type returnType, Type[] parameterTypes) =>
        new(name, returnType, parameterTypes, restrictedSkipVisibility: true);

    public static void EmitCalli(ILGenerator il, FunctionType type) =>
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ReturnType(type), ParameterTypes(type), null);

    public static OpCode StoreIndirect(ValueType type) => type switch
    {
        ValueType.I32 => OpCodes.Stind_I4,
        ValueType.I64 => OpCodes.Stind_I8,
        ValueType.F32 => OpCodes.Stind_R4,
        ValueType.F64 => OpCodes.Stind_R8,
        _ => OpCodes.Stind_Ref,
    };

    // The IL generator refuses ldftn on a DynamicMethod and DynamicMethod.MethodHandle throws, so
    // the finished method's runtime handle is read through the runtime's internal accessor. Checked
    // once at startup; without it the engine cannot run at all.
    private static readonly MethodInfo GetMethodDescriptor =
        typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new PlatformNotSupportedException("this .NET runtime does not expose DynamicMethod.GetMethodDescriptor");

    /// <summary>
    /// Native entry points of finished dynamic methods, for <c>calli</c> through <see cref="WasmFunction.Code"/>.
    /// The methods must stay reachable while the pointers are in use.
    /// </summary>
    public static IntPtr[] EntryPoints(IReadOnlyList<DynamicMethod> methods)
    {
        var result = new IntPtr[methods.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = ((RuntimeMethodHandle)GetMethodDescriptor.Invoke(methods[i], null)!).GetFunctionPointer();
        return result;
    }
}
