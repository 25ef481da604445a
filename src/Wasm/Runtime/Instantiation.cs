using System.Collections.ObjectModel;
using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Runtime;

/// <summary>The spec's instantiation: match imports, allocate, initialise segments, run start.</summary>
internal static class Instantiation
{
    public static WasmInstance Run(WasmModule module, Func<Import, WasmExtern?> resolve, InstanceLimits? limits, object? hostState)
    {
        var compiled = module.Compiled;
        var def = compiled.Definition;
        var layout = compiled.Layout;
        var ctx = new InstanceContext { Module = compiled, Types = def.Types, HostState = hostState };
        ctx.ApplyLimits(limits);

        var functions = new WasmFunction[layout.FunctionTypeIndices.Length];
        var globals = new WasmGlobal[layout.GlobalTypes.Length];
        var tables = new WasmTable[layout.TableTypes.Length];
        int nf = 0, ng = 0, nt = 0;
        foreach (var import in def.Imports)
        {
            var item = resolve(import) ?? throw new WasmLinkException($"unknown import \"{import.Module}\" \"{import.Name}\"");
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    functions[nf++] = item is WasmFunction f && f.Type.Equals(def.Types[import.FunctionTypeIndex])
                        ? f : throw Incompatible(import);
                    break;
                case ExternalKind.Table:
                    tables[nt++] = item is WasmTable t && t.Type.ElementType == import.Table!.ElementType &&
                                   LimitsMatch(t.Size, t.Type.Limits.Max, import.Table.Limits)
                        ? t : throw Incompatible(import);
                    break;
                case ExternalKind.Memory:
                    ctx.Memory = item is WasmMemory m && LimitsMatch(m.Pages, m.Type.Limits.Max, import.Memory!.Limits)
                        ? m : throw Incompatible(import);
                    break;
                case ExternalKind.Global:
                    globals[ng++] = item is WasmGlobal g && g.Type.ValueType == import.Global!.ValueType && g.Type.Mutable == import.Global.Mutable
                        ? g : throw Incompatible(import);
                    break;
            }
        }

        ctx.Functions = functions;
        ctx.Globals = globals;
        ctx.Tables = tables;
        for (var i = 0; i < def.Code.Length; i++)
        {
            var typeIndex = (int)def.FunctionTypeIndices[i];
            functions[nf + i] = new WasmFunction(def.Types[typeIndex], ctx, compiled.EntryPoints[i], typeIndex);
        }
        foreach (var g in def.Globals) globals[ng++] = new WasmGlobal(g.Type, ctx.Evaluate(g.Initializer, g.Type.ValueType));
        foreach (var t in def.Tables)
        {
            if (t.Limits.Min > ctx.MaxTableElements)
                throw new WasmLinkException($"table of {t.Limits.Min} elements exceeds the instance limit of {ctx.MaxTableElements}");
            tables[nt++] = new WasmTable(t);
        }
        foreach (var m in def.Memories)
        {
            if (m.Limits.Min > ctx.MaxMemoryPages)
                throw new WasmLinkException($"memory of {m.Limits.Min} pages exceeds the instance limit of {ctx.MaxMemoryPages} pages");
            ctx.Memory = ctx.OwnedMemory = new WasmMemory(m, module.MemoryPool);
        }
        ctx.DroppedData = def.Data.Length == 0 ? [] : new bool[def.Data.Length];
        ctx.DroppedElements = def.Elements.Length == 0 ? [] : new bool[def.Elements.Length];

        var instance = new WasmInstance(module, ctx, Exports(def, ctx));
        ctx.Instance = instance;

        InitializeElements(def, ctx);
        InitializeData(def, ctx);
        if (def.StartFunction is { } start) functions[start].Invoke();
        return instance;
    }

    private static WasmLinkException Incompatible(Import import) =>
        new($"incompatible import type for \"{import.Module}\" \"{import.Name}\"");

    /// <summary>Import matching for limits: the provided size is at least the required minimum and its maximum no larger.</summary>
    private static bool LimitsMatch(uint size, uint? max, Limits required) =>
        size >= required.Min && (required.Max is not { } requiredMax || (max is { } actualMax && actualMax <= requiredMax));

    private static ReadOnlyDictionary<string, WasmExtern> Exports(ModuleDefinition def, InstanceContext ctx)
    {
        var exports = new Dictionary<string, WasmExtern>(def.Exports.Length);
        foreach (var e in def.Exports)
        {
            exports[e.Name] = e.Kind switch
            {
                ExternalKind.Function => ctx.Functions[e.Index],
                ExternalKind.Table => ctx.Tables[e.Index],
                ExternalKind.Memory => ctx.Memory!,
                _ => ctx.Globals[e.Index],
            };
        }
        return exports.AsReadOnly();
    }

    private static void InitializeElements(ModuleDefinition def, InstanceContext ctx)
    {
        for (var i = 0; i < def.Elements.Length; i++)
        {
            var segment = def.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = (uint)ctx.Evaluate(segment.Offset, ValueType.I32).AsI32();
                var elements = ctx.Tables[segment.TableIndex].Elements;
                if ((ulong)offset + (ulong)segment.Items.Length > (ulong)elements.Length)
                    throw new WasmTrapException(TrapKind.OutOfBoundsTableAccess);
                for (var j = 0; j < segment.Items.Length; j++) elements[offset + j] = ctx.EvaluateReference(segment.Items[j]);
            }
            if (segment.Mode != SegmentMode.Passive) ctx.DroppedElements[i] = true;
        }
    }

    private static void InitializeData(ModuleDefinition def, InstanceContext ctx)
    {
        for (var i = 0; i < def.Data.Length; i++)
        {
            var segment = def.Data[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var offset = (uint)ctx.Evaluate(segment.Offset, ValueType.I32).AsI32();
            var buffer = ctx.Memory!.Span;
            if ((ulong)offset + (ulong)segment.Bytes.Length > (ulong)buffer.Length)
                throw new WasmTrapException(TrapKind.OutOfBoundsMemoryAccess);
            segment.Bytes.Span.CopyTo(buffer.Slice((int)offset));
            ctx.DroppedData[i] = true;
        }
    }
}
