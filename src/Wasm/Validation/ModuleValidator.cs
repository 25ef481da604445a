using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Validation;

/// <summary>
/// The spec's validation of a decoded module: module-level rules here, function bodies in
/// <see cref="FunctionValidator"/>. Throws <see cref="WasmInvalidException"/> with the spec
/// test suite's wording.
/// </summary>
public static class ModuleValidator
{
    /// <summary>The most pages a 32-bit memory can have (4 GiB).</summary>
    public const uint MaxMemoryPages = 65536;

    public static void Validate(ModuleDefinition module)
    {
        ArgumentNullException.ThrowIfNull(module);
        // the decoder guarantees this; a definition built in code might not
        if (module.Code.Length != module.FunctionTypeIndices.Length)
            throw new WasmInvalidException("function and code section have inconsistent lengths");
        var context = new ModuleContext(module);

        foreach (var import in module.Imports)
        {
            if (import.Table is { } table) ValidateTableType(table);
            if (import.Memory is { } memory) ValidateMemoryType(memory);
        }
        foreach (var table in module.Tables) ValidateTableType(table);
        foreach (var memory in module.Memories) ValidateMemoryType(memory);
        if (context.MemoryCount > 1) throw new WasmInvalidException("multiple memories");

        // 2.0: constant expressions may only read imported globals
        foreach (var global in module.Globals)
            ValidateConstant(context, global.Initializer, global.Type.ValueType, context.ImportedGlobalCount);

        foreach (var segment in module.Elements) ValidateElementSegment(context, segment);
        foreach (var segment in module.Data)
        {
            if (segment.Mode != SegmentMode.Active) continue;
            context.RequireMemory(segment.MemoryIndex);
            ValidateConstant(context, segment.Offset, ValueType.I32, context.ImportedGlobalCount);
        }

        var functions = new FunctionValidator(context);
        var importedFunctions = context.Functions.Length - module.Code.Length;
        for (var i = 0; i < module.Code.Length; i++) functions.Validate(importedFunctions + i, module.Code[i]);

        if (module.StartFunction is { } start)
        {
            var type = context.FunctionAt(start);
            if (type.Parameters.Length != 0 || type.Results.Length != 0) throw new WasmInvalidException("start function must have type [] -> []");
        }

        ValidateExports(context);
    }

    private static void ValidateTableType(TableType table)
    {
        if (table.Limits.Max is { } max && table.Limits.Min > max)
            throw new WasmInvalidException("size minimum must not be greater than maximum");
    }

    private static void ValidateMemoryType(MemoryType memory)
    {
        var limits = memory.Limits;
        if (limits.Min > MaxMemoryPages || limits.Max > MaxMemoryPages)
            throw new WasmInvalidException("memory size must be at most 65536 pages (4GiB)");
        if (limits.Max is { } max && limits.Min > max)
            throw new WasmInvalidException("size minimum must not be greater than maximum");
    }

    private static void ValidateElementSegment(ModuleContext context, ElementSegment segment)
    {
        if (segment.Mode == SegmentMode.Active)
        {
            var table = context.TableAt(segment.TableIndex);
            ValidateConstant(context, segment.Offset, ValueType.I32, context.ImportedGlobalCount);
            if (table.ElementType != segment.ElementType) throw new WasmInvalidException("type mismatch: element segment type does not match the table");
        }
        foreach (var item in segment.Items) ValidateConstant(context, item, segment.ElementType, context.ImportedGlobalCount);
    }

    /// <param name="visibleGlobals">How many globals (from index 0) the expression may read: in 2.0 only the imported ones.</param>
    private static void ValidateConstant(ModuleContext context, ConstantExpression expression, ValueType expected, int visibleGlobals)
    {
        ValueType actual;
        switch (expression.Kind)
        {
            case ConstantKind.NotConstant:
                throw new WasmInvalidException("constant expression required");
            case ConstantKind.NotSingleValue:
                throw new WasmInvalidException($"type mismatch: constant expression yields {expression.Bits} values");
            case ConstantKind.GlobalGet:
                if (expression.Index >= (uint)visibleGlobals) throw new WasmInvalidException($"unknown global {expression.Index}");
                var global = context.Globals[expression.Index];
                if (global.Mutable) throw new WasmInvalidException("constant expression required");
                actual = global.ValueType;
                break;
            case ConstantKind.RefFunc:
                context.FunctionAt(expression.Index);
                actual = ValueType.FuncRef;
                break;
            default:
                actual = expression.ResultType;
                break;
        }
        if (actual != expected) throw new WasmInvalidException($"type mismatch: expected {expected.Name()}, got {actual.Name()}");
    }

    private static void ValidateExports(ModuleContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in context.Module.Exports)
        {
            switch (export.Kind)
            {
                case ExternalKind.Function: context.FunctionAt(export.Index); break;
                case ExternalKind.Table: context.TableAt(export.Index); break;
                case ExternalKind.Memory: context.RequireMemory(export.Index); break;
                case ExternalKind.Global: context.GlobalAt(export.Index); break;
            }
            if (!names.Add(export.Name)) throw new WasmInvalidException("duplicate export name");
        }
    }
}
