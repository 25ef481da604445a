using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Model;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// Translates one validated function body to IL in a single pass. Wasm locals become IL
/// arguments and locals, operands stay on the IL evaluation stack, and a compile-time mirror of
/// that stack (<see cref="_stack"/>) records the types. Every block, loop and if starts with an
/// IL stack holding only its own parameters (anything below is spilled to locals and restored
/// at its end), so every branch target sees exactly its label's values. Unreachable code is
/// skipped, never emitted.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private enum FrameKind { Function, Block, Loop, If }

    private sealed class Frame
    {
        public FrameKind Kind;
        public Label Label;       // block/if/function: the end; loop: the start
        public Label ElseLabel;
        public bool HasElse;
        public bool Dead;         // entered in unreachable code: no IL at all
        public bool Targeted;     // something branched to the end label
        public ValueType[] Params = [];
        public ValueType[] Results = [];
        public LocalBuilder[]? Spilled;
        public ValueType[]? SpilledTypes;
        public ValueType[] BranchTypes => Kind == FrameKind.Loop ? Params : Results;
    }

    private readonly ModuleLayout _layout;
    private readonly int _definedIndex;
    private readonly FunctionBody _body;
    private readonly FunctionType _type;
    private readonly ILGenerator _il;
    private readonly ValueType[] _localTypes;
    private readonly LocalBuilder?[] _locals;
    private readonly int _ctxArg;
    private readonly List<ValueType> _stack = [];
    private readonly List<Frame> _frames = [];
    private readonly Dictionary<ValueType, Stack<LocalBuilder>> _freeTemps = [];
    private readonly FuelPlan _fuel;
    private int _nextLoop;
    private int _temporaries;
    private bool _unreachable;
    private readonly LocalBuilder _budget;
    private LocalBuilder? _memory;
    private LocalBuilder? _memoryObject;
    private LocalBuilder? _address;
    private LocalBuilder? _callee;
    private int _constantEnd = -1;
    private ulong _constantBits;

    private FunctionCompiler(ModuleLayout layout, int definedIndex)
    {
        _layout = layout;
        _definedIndex = definedIndex;
        _body = layout.Module.Code[definedIndex];
        _type = layout.FunctionType(layout.ImportedFunctionCount + definedIndex);
        _il = layout.Methods[definedIndex].GetILGenerator(Math.Clamp(_body.Code.Length * 3, 64, 16 << 10));
        if (_body.LocalCount + _type.Parameters.Length > FrameLimits.MaxLocals)
            throw FrameLimits.Exceeded(layout.ImportedFunctionCount + definedIndex, "locals", FrameLimits.MaxLocals);
        var declared = _body.ExpandLocals();
        _localTypes = [.. _type.Parameters, .. declared];
        _locals = new LocalBuilder?[_localTypes.Length];
        for (var i = _type.Parameters.Length; i < _localTypes.Length; i++)
            _locals[i] = _il.DeclareLocal(CallingConvention.ClrType(_localTypes[i]));
        _ctxArg = CallingConvention.ContextParameterIndex(_type);
        _budget = _il.DeclareLocal(typeof(long));
        _fuel = FuelPlan.Of(_body.Code.Span);
    }

    public static void Compile(ModuleLayout layout, int definedIndex) => new FunctionCompiler(layout, definedIndex).Run();

    private int DepthArg => _ctxArg + 2;

    private void Run()
    {
        EmitPrologue();
        _frames.Add(new Frame { Kind = FrameKind.Function, Label = _il.DefineLabel(), Results = _type.Results });
        var reader = new WasmReader(_body.Code.Span);
        while (_frames.Count > 0)
        {
            var op = reader.ReadByte();
            switch (op)
            {
                case Opcodes.Block: EnterBlock(FrameKind.Block, reader.ReadBlockType()); continue;
                case Opcodes.Loop: EnterBlock(FrameKind.Loop, reader.ReadBlockType()); continue;
                case Opcodes.If: EnterBlock(FrameKind.If, reader.ReadBlockType()); continue;
                case Opcodes.Else: Else(); continue;
                case Opcodes.End: End(); continue;
            }
            if (_unreachable)
            {
                InstructionSkipper.SkipImmediates(op, ref reader);
                continue;
            }
            EmitInstruction(op, ref reader);
        }
    }

    // ---------------------------------------------------------------- prologue and limits

    private void EmitPrologue()
    {
        // Call depth: a clean trap long before the .NET stack could overflow.
        var depthOk = _il.DefineLabel();
        LdArg(DepthArg);
        LdCtx();
        _il.Emit(OpCodes.Ldfld, ContextFields.MaxCallDepth);
        _il.Emit(OpCodes.Ble, depthOk);
        _il.Emit(OpCodes.Call, Method(typeof(Traps), nameof(Traps.CallStackExhausted)));
        MarkLabel(depthOk);

        // Backstop against real stack exhaustion (deep host re-entry, small thread stacks): the
        // probe guarantees 128 KiB of stack. Small frames (a few KiB at most: few locals, short
        // code so a shallow operand stack) probe every 8 levels; any other frame probes on every
        // call, and FrameLimits keeps those frames well under the guaranteed space.
        var stackOk = _il.DefineLabel();
        var smallFrame = _localTypes.Length <= 128 && _body.Code.Length <= 512;
        if (smallFrame)
        {
            LdArg(DepthArg);
            _il.Emit(OpCodes.Ldc_I4_7);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Brtrue, stackOk);
        }
        _il.Emit(OpCodes.Call, Method(typeof(RuntimeHelpers), nameof(RuntimeHelpers.TryEnsureSufficientExecutionStack)));
        _il.Emit(OpCodes.Brtrue, stackOk);
        _il.Emit(OpCodes.Call, Method(typeof(Traps), nameof(Traps.CallStackExhausted)));
        MarkLabel(stackOk);

        LoadBudget();
        EmitFuelCharge(_fuel.EntryCost);
        ReloadMemory();
    }

    /// <summary>
    /// Charges <paramref name="cost"/> to the budget kept in a local (so tight loops do not write
    /// the context every iteration); when it goes negative the context decides between refilling,
    /// OutOfFuel and DeadlineExceeded. The local is written back around calls and at return.
    /// </summary>
    private void EmitFuelCharge(long cost)
    {
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _budget);
        _il.Emit(OpCodes.Ldc_I8, cost);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _budget);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Bge, ok);
        SaveBudget();
        LdCtx();
        _il.Emit(OpCodes.Call, Method(typeof(InstanceContext), nameof(InstanceContext.OnBudgetExhausted)));
        LoadBudget();
        MarkLabel(ok);
    }

    private void SaveBudget()
    {
        LdCtx();
        _il.Emit(OpCodes.Ldloc, _budget);
        _il.Emit(OpCodes.Stfld, ContextFields.Budget);
    }

    private void LoadBudget()
    {
        LdCtx();
        _il.Emit(OpCodes.Ldfld, ContextFields.Budget);
        _il.Emit(OpCodes.Stloc, _budget);
    }

    /// <summary>
    /// Caches the memory object and its buffer in locals; the buffer is reloaded after anything
    /// that may grow memory. Bounds checks read the length field each time (a memory operand of
    /// the compare), which keeps a register free in hot loops.
    /// </summary>
    private void ReloadMemory()
    {
        if (!_layout.HasMemory) return;
        _memory ??= _il.DeclareLocal(typeof(byte[]));
        _memoryObject ??= _il.DeclareLocal(typeof(WasmMemory));
        LdCtx();
        _il.Emit(OpCodes.Ldfld, ContextFields.Memory);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _memoryObject);
        _il.Emit(OpCodes.Ldfld, ContextFields.MemoryBuffer);
        _il.Emit(OpCodes.Stloc, _memory);
    }

    /// <summary>Pushes the memory's current length in bytes (an int64).</summary>
    private void LoadMemoryLength()
    {
        _il.Emit(OpCodes.Ldloc, _memoryObject!);
        _il.Emit(OpCodes.Ldfld, ContextFields.MemoryLength);
    }

    // ---------------------------------------------------------------- control

    private (ValueType[] Params, ValueType[] Results) Resolve(BlockType type)
    {
        if (type.Single is { } single) return ([], [single]);
        if (type.TypeIndex >= 0)
        {
            var ft = _layout.Module.Types[type.TypeIndex];
            return (ft.Parameters, ft.Results);
        }
        return ([], []);
    }

    private void EnterBlock(FrameKind kind, BlockType blockType)
    {
        if (_unreachable)
        {
            _frames.Add(new Frame { Kind = kind, Dead = true });
            if (kind == FrameKind.Loop) _nextLoop++;
            return;
        }
        var (ps, rs) = Resolve(blockType);
        var frame = new Frame { Kind = kind, Params = ps, Results = rs, Label = _il.DefineLabel() };
        LocalBuilder? condition = null;
        if (kind == FrameKind.If)
        {
            Pop();
            frame.ElseLabel = _il.DefineLabel();
            if (_stack.Count > ps.Length)
            {
                condition = RentTemp(ValueType.I32);
                _il.Emit(OpCodes.Stloc, condition);
            }
        }
        var below = _stack.Count - ps.Length;
        if (below > 0)
        {
            var saved = StoreTop(ps.Length);
            frame.SpilledTypes = _stack.GetRange(0, below).ToArray();
            frame.Spilled = new LocalBuilder[below];
            for (var i = below - 1; i >= 0; i--)
            {
                frame.Spilled[i] = RentTemp(frame.SpilledTypes[i]);
                _il.Emit(OpCodes.Stloc, frame.Spilled[i]);
            }
            LoadAndRelease(saved, ps);
            _stack.Clear();
            _stack.AddRange(ps);
        }
        if (condition is not null)
        {
            _il.Emit(OpCodes.Ldloc, condition);
            ReleaseTemp(ValueType.I32, condition);
        }
        _frames.Add(frame);
        switch (kind)
        {
            case FrameKind.If:
                _il.Emit(OpCodes.Brfalse, frame.ElseLabel);
                break;
            case FrameKind.Loop:
                MarkLabel(frame.Label);
                EmitFuelCharge(_fuel.LoopCosts[_nextLoop++]);
                break;
        }
    }

    private void Else()
    {
        var frame = _frames[^1];
        if (frame.Dead) return;
        if (!_unreachable)
        {
            _il.Emit(OpCodes.Br, frame.Label);
            frame.Targeted = true;
        }
        MarkLabel(frame.ElseLabel);
        frame.HasElse = true;
        ResetStack(frame.Params);
        _unreachable = false;
    }

    private void End()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.Dead) return;
        bool reachable;
        switch (frame.Kind)
        {
            case FrameKind.Loop:
                reachable = !_unreachable;
                break;
            case FrameKind.If when !frame.HasElse:
                // The missing else passes the parameters through (they equal the results).
                if (!_unreachable)
                {
                    _il.Emit(OpCodes.Br, frame.Label);
                    frame.Targeted = true;
                }
                MarkLabel(frame.ElseLabel);
                MarkLabel(frame.Label);
                reachable = true;
                break;
            default:
                reachable = !_unreachable || frame.Targeted;
                MarkLabel(frame.Label);
                break;
        }
        ResetStack(frame.Results);
        _unreachable = !reachable;
        if (frame.Spilled is not null)
        {
            if (reachable)
            {
                var results = StoreTop(frame.Results.Length);
                foreach (var local in frame.Spilled) _il.Emit(OpCodes.Ldloc, local);
                LoadAndRelease(results, frame.Results);
                _stack.InsertRange(0, frame.SpilledTypes!);
            }
            for (var i = 0; i < frame.Spilled.Length; i++) ReleaseTemp(frame.SpilledTypes![i], frame.Spilled[i]);
        }
        if (frame.Kind == FrameKind.Function && reachable) EmitReturn();
    }

    private void EmitReturn()
    {
        SaveBudget();
        if (CallingConvention.ResultsByRef(_type))
        {
            var results = StoreTop(_type.Results.Length);
            for (var i = 0; i < results.Length; i++)
            {
                LdArg(_type.Parameters.Length + i);
                _il.Emit(OpCodes.Ldloc, results[i]);
                _il.Emit(CallingConvention.StoreIndirect(_type.Results[i]));
                ReleaseTemp(_type.Results[i], results[i]);
            }
        }
        _il.Emit(OpCodes.Ret);
    }

    private Frame Target(uint depth) => _frames[_frames.Count - 1 - (int)depth];

    /// <summary>Keeps only the top <paramref name="keep"/> values on the IL stack (the stack mirror is left alone).</summary>
    private void DiscardBelow(int keep)
    {
        var extra = _stack.Count - keep;
        if (extra <= 0) return;
        var kept = _stack.GetRange(extra, keep).ToArray();
        var saved = StoreTop(keep);
        for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
        LoadAndRelease(saved, kept);
    }

    private void BranchTo(Frame target)
    {
        DiscardBelow(target.BranchTypes.Length);
        _il.Emit(OpCodes.Br, target.Label);
        if (target.Kind != FrameKind.Loop) target.Targeted = true;
    }

    private void BrIf(Frame target)
    {
        Pop();
        if (_stack.Count == target.BranchTypes.Length)
        {
            _il.Emit(OpCodes.Brtrue, target.Label);
            if (target.Kind != FrameKind.Loop) target.Targeted = true;
            return;
        }
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, skip);
        BranchTo(target);
        MarkLabel(skip);
    }

    private void BrTable(ref WasmReader reader)
    {
        var count = reader.ReadU32();
        var targets = new Frame[count];
        for (var i = 0; i < count; i++) targets[i] = Target(reader.ReadU32());
        var fallback = Target(reader.ReadU32());
        Pop();
        var arity = fallback.BranchTypes.Length;
        if (_stack.Count > arity)
        {
            var index = RentTemp(ValueType.I32);
            _il.Emit(OpCodes.Stloc, index);
            DiscardBelow(arity);
            _il.Emit(OpCodes.Ldloc, index);
            ReleaseTemp(ValueType.I32, index);
        }
        if (count > 0)
        {
            _il.Emit(OpCodes.Switch, targets.Select(t => t.Label).ToArray());
            foreach (var t in targets)
                if (t.Kind != FrameKind.Loop) t.Targeted = true;
        }
        else
        {
            _il.Emit(OpCodes.Pop);
        }
        _il.Emit(OpCodes.Br, fallback.Label);
        if (fallback.Kind != FrameKind.Loop) fallback.Targeted = true;
        _unreachable = true;
    }

    // ---------------------------------------------------------------- calls

    private void Call(uint functionIndex)
    {
        var callee = _layout.FunctionType((int)functionIndex);
        var imported = functionIndex < _layout.ImportedFunctionCount;
        LocalBuilder? function = null;
        if (imported)
        {
            function = CalleeLocal();
            LdCtx();
            _il.Emit(OpCodes.Ldfld, ContextFields.Functions);
            _il.Emit(OpCodes.Ldc_I4, (int)functionIndex);
            _il.Emit(OpCodes.Ldelem_Ref);
            _il.Emit(OpCodes.Stloc, function);
        }
        var results = PushResultAddresses(callee);
        SaveBudget();
        if (imported)
        {
            EmitIndirectCall(callee, function!);
        }
        else
        {
            LdCtx();
            LdCtx();
            EmitNextDepth();
            _il.Emit(OpCodes.Call, _layout.Methods[(int)functionIndex - _layout.ImportedFunctionCount]);
        }
        FinishCall(callee, results, _layout.MayReplaceMemory((int)functionIndex));
    }

    private void CallIndirect(uint typeIndex, uint tableIndex)
    {
        var callee = _layout.Module.Types[typeIndex];
        Pop();
        LdCtx();
        _il.Emit(OpCodes.Ldc_I4, (int)tableIndex);
        _il.Emit(OpCodes.Ldc_I4, (int)typeIndex);
        _il.Emit(OpCodes.Call, Method(typeof(RuntimeOps), nameof(RuntimeOps.ResolveIndirect)));
        var function = CalleeLocal();
        _il.Emit(OpCodes.Stloc, function);
        var results = PushResultAddresses(callee);
        SaveBudget();
        EmitIndirectCall(callee, function);
        FinishCall(callee, results, mayReplaceMemory: true);
    }

    /// <summary>Holds the callee between its lookup and the calli; never live across anything else.</summary>
    private LocalBuilder CalleeLocal() => _callee ??= _il.DeclareLocal(typeof(WasmFunction));

    private LocalBuilder[]? PushResultAddresses(FunctionType callee)
    {
        if (!CallingConvention.ResultsByRef(callee)) return null;
        var results = new LocalBuilder[callee.Results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = RentTemp(callee.Results[i]);
            _il.Emit(OpCodes.Ldloca, results[i]);
        }
        return results;
    }

    private void EmitIndirectCall(FunctionType callee, LocalBuilder function)
    {
        _il.Emit(OpCodes.Ldloc, function);
        _il.Emit(OpCodes.Ldfld, ContextFields.FunctionContext);
        LdCtx();
        EmitNextDepth();
        _il.Emit(OpCodes.Ldloc, function);
        _il.Emit(OpCodes.Ldfld, ContextFields.FunctionCode);
        CallingConvention.EmitCalli(_il, callee);
    }

    private void EmitNextDepth()
    {
        LdArg(DepthArg);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Add);
    }

    private void FinishCall(FunctionType callee, LocalBuilder[]? results, bool mayReplaceMemory)
    {
        LoadBudget();
        for (var i = 0; i < callee.Parameters.Length; i++) Pop();
        if (results is not null)
        {
            for (var i = 0; i < results.Length; i++)
            {
                _il.Emit(OpCodes.Ldloc, results[i]);
                ReleaseTemp(callee.Results[i], results[i]);
            }
        }
        foreach (var result in callee.Results) Push(result);
        if (mayReplaceMemory) ReloadMemory();
    }

    // ---------------------------------------------------------------- helpers

    private void LdCtx() => LdArg(_ctxArg);

    private void LdArg(int index)
    {
        switch (index)
        {
            case 0: _il.Emit(OpCodes.Ldarg_0); break;
            case 1: _il.Emit(OpCodes.Ldarg_1); break;
            case 2: _il.Emit(OpCodes.Ldarg_2); break;
            case 3: _il.Emit(OpCodes.Ldarg_3); break;
            case < 256: _il.Emit(OpCodes.Ldarg_S, (byte)index); break;
            default: _il.Emit(OpCodes.Ldarg, (short)index); break;
        }
    }

    private void MarkLabel(Label label)
    {
        _il.MarkLabel(label);
        _constantEnd = -1;
    }

    private ValueType Pop()
    {
        var t = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return t;
    }

    private void Push(ValueType t)
    {
        _stack.Add(t);
        if (_stack.Count > FrameLimits.MaxOperandStack) throw FrameLimits.Exceeded(_layout.ImportedFunctionCount + _definedIndex, "operand stack depth", FrameLimits.MaxOperandStack);
    }

    private void ResetStack(ValueType[] types)
    {
        _stack.Clear();
        _stack.AddRange(types);
    }

    private LocalBuilder RentTemp(ValueType type)
    {
        if (_freeTemps.TryGetValue(type, out var free) && free.Count > 0) return free.Pop();
        if (++_temporaries > FrameLimits.MaxTemporaries)
            throw FrameLimits.Exceeded(_layout.ImportedFunctionCount + _definedIndex, "temporaries (values spilled around blocks)", FrameLimits.MaxTemporaries);
        return _il.DeclareLocal(CallingConvention.ClrType(type));
    }

    private void ReleaseTemp(ValueType type, LocalBuilder local)
    {
        if (!_freeTemps.TryGetValue(type, out var free)) _freeTemps[type] = free = new Stack<LocalBuilder>();
        free.Push(local);
    }

    /// <summary>Stores the top <paramref name="count"/> IL values into temps (index 0 = deepest); the mirror is unchanged.</summary>
    private LocalBuilder[] StoreTop(int count)
    {
        var temps = new LocalBuilder[count];
        for (var i = count - 1; i >= 0; i--)
        {
            temps[i] = RentTemp(_stack[_stack.Count - count + i]);
            _il.Emit(OpCodes.Stloc, temps[i]);
        }
        return temps;
    }

    private void LoadAndRelease(LocalBuilder[] temps, ValueType[] types)
    {
        for (var i = 0; i < temps.Length; i++)
        {
            _il.Emit(OpCodes.Ldloc, temps[i]);
            ReleaseTemp(types[i], temps[i]);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), MethodInfo> Methods = new();

    /// <summary>A helper method by name, looked up once (reflection is far too slow to repeat per instruction).</summary>
    private static MethodInfo Method(Type type, string name) =>
        Methods.GetOrAdd((type, name), static key =>
            key.Item1.GetMethod(key.Item2, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{key.Item1.Name}.{key.Item2} not found"));
}
