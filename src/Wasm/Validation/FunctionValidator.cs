using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Validation;

/// <summary>
/// Type-checks function bodies with the operand-stack / control-stack algorithm from the spec's
/// validation appendix. One instance validates all bodies of a module and reuses its stacks.
/// Bodies were scanned by the decoder, so immediates are known to be well-formed here.
/// </summary>
internal sealed class FunctionValidator(ModuleContext context)
{
    /// <summary>The spec's "Unknown" operand type, produced by popping in unreachable code.</summary>
    private const ValueType Unknown = 0;

    private struct ControlFrame
    {
        public byte Opcode;
        public ValueType[] Parameters;
        public ValueType[] Results;
        public int Height;
        public bool Unreachable;

        public readonly ValueType[] LabelTypes => Opcode == Opcodes.Loop ? Parameters : Results;
    }

    private ValueType[] _values = new ValueType[64];
    private int _valueCount;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private ValueType[] _locals = new ValueType[16];
    private int _localCount;
    private ValueType[] _scratch = new ValueType[16];
    private int _instructionOffset;

    public void Validate(int functionIndex, FunctionBody body)
    {
        try
        {
            ValidateBody(context.Functions[functionIndex], body);
        }
        catch (WasmInvalidException e)
        {
            throw new WasmInvalidException($"{e.Message} (function {functionIndex}, at byte 0x{_instructionOffset:x})");
        }
    }

    private void ValidateBody(FunctionType type, FunctionBody body)
    {
        _instructionOffset = body.CodeOffset;
        SetUpLocals(type, body);
        _valueCount = 0;
        _frameCount = 0;
        PushControl(Opcodes.Block, [], type.Results);

        var r = new WasmReader(body.Code.Span, body.CodeOffset, "unexpected end of section or function");
        while (true)
        {
            _instructionOffset = r.Offset;
            var op = r.ReadByte();
            switch (op)
            {
                case Opcodes.Unreachable: MarkUnreachable(); break;
                case Opcodes.Nop: break;

                case Opcodes.Block:
                case Opcodes.Loop:
                {
                    var (parameters, results) = ReadBlockType(ref r);
                    PopValues(parameters);
                    PushControl(op, parameters, results);
                    break;
                }
                case Opcodes.If:
                {
                    var (parameters, results) = ReadBlockType(ref r);
                    Pop(ValueType.I32);
                    PopValues(parameters);
                    PushControl(op, parameters, results);
                    break;
                }
                case Opcodes.Else:
                {
                    var frame = PopControl();
                    if (frame.Opcode != Opcodes.If) throw new WasmInvalidException("else without if");
                    PushControl(Opcodes.Else, frame.Parameters, frame.Results);
                    break;
                }
                case Opcodes.End:
                {
                    var frame = PopControl();
                    if (frame.Opcode == Opcodes.If && !frame.Parameters.AsSpan().SequenceEqual(frame.Results))
                        throw new WasmInvalidException("type mismatch: if without else must not change the operand types");
                    PushValues(frame.Results);
                    if (_frameCount == 0)
                    {
                        if (!r.AtEnd) throw new WasmInvalidException("instructions after the end of the function");
                        return;
                    }
                    break;
                }
                case Opcodes.Br:
                    PopValues(LabelAt(r.ReadU32()).LabelTypes);
                    MarkUnreachable();
                    break;
                case Opcodes.BrIf:
                {
                    var labelTypes = LabelAt(r.ReadU32()).LabelTypes;
                    Pop(ValueType.I32);
                    PopValues(labelTypes);
                    PushValues(labelTypes);
                    break;
                }
                case Opcodes.BrTable: ValidateBrTable(ref r); break;
                case Opcodes.Return:
                    PopValues(_frames[0].Results);
                    MarkUnreachable();
                    break;
                case Opcodes.Call:
                {
                    var callee = context.FunctionAt(r.ReadU32());
                    PopValues(callee.Parameters);
                    PushValues(callee.Results);
                    break;
                }
                case Opcodes.CallIndirect:
                {
                    var typeIndex = r.ReadU32();
                    var table = context.TableAt(r.ReadU32());
                    if (table.ElementType != ValueType.FuncRef) throw new WasmInvalidException("type mismatch: call_indirect needs a funcref table");
                    var callee = context.TypeAt(typeIndex);
                    Pop(ValueType.I32);
                    PopValues(callee.Parameters);
                    PushValues(callee.Results);
                    break;
                }

                case Opcodes.Drop: Pop(); break;
                case Opcodes.Select:
                {
                    Pop(ValueType.I32);
                    var t1 = Pop();
                    var t2 = Pop();
                    if (!IsNumericOrUnknown(t1) || !IsNumericOrUnknown(t2))
                        throw new WasmInvalidException("type mismatch: select without a type needs numeric operands");
                    if (t1 != t2 && t1 != Unknown && t2 != Unknown)
                        throw new WasmInvalidException($"type mismatch: select operands {t1.Name()} and {t2.Name()}");
                    Push(t1 == Unknown ? t2 : t1);
                    break;
                }
                case Opcodes.SelectTyped:
                {
                    var count = r.ReadU32();
                    if (count != 1) throw new WasmInvalidException("invalid result arity");
                    var t = r.ReadValueType();
                    Pop(ValueType.I32);
                    Pop(t);
                    Pop(t);
                    Push(t);
                    break;
                }

                case Opcodes.LocalGet: Push(LocalAt(r.ReadU32())); break;
                case Opcodes.LocalSet: Pop(LocalAt(r.ReadU32())); break;
                case Opcodes.LocalTee:
                {
                    var t = LocalAt(r.ReadU32());
                    Pop(t);
                    Push(t);
                    break;
                }
                case Opcodes.GlobalGet: Push(context.GlobalAt(r.ReadU32()).ValueType); break;
                case Opcodes.GlobalSet:
                {
                    var global = context.GlobalAt(r.ReadU32());
                    if (!global.Mutable) throw new WasmInvalidException("global is immutable");
                    Pop(global.ValueType);
                    break;
                }
                case Opcodes.TableGet:
                {
                    var table = context.TableAt(r.ReadU32());
                    Pop(ValueType.I32);
                    Push(table.ElementType);
                    break;
                }
                case Opcodes.TableSet:
                {
                    var table = context.TableAt(r.ReadU32());
                    Pop(table.ElementType);
                    Pop(ValueType.I32);
                    break;
                }

                case >= Opcodes.I32Load and <= Opcodes.I64Store32: ValidateMemoryAccess(ref r, op); break;
                case Opcodes.MemorySize:
                    r.ReadByte();
                    context.RequireMemory(0);
                    Push(ValueType.I32);
                    break;
                case Opcodes.MemoryGrow:
                    r.ReadByte();
                    context.RequireMemory(0);
                    Pop(ValueType.I32);
                    Push(ValueType.I32);
                    break;

                case Opcodes.I32Const: r.ReadS32(); Push(ValueType.I32); break;
                case Opcodes.I64Const: r.ReadS64(); Push(ValueType.I64); break;
                case Opcodes.F32Const: r.Skip(4); Push(ValueType.F32); break;
                case Opcodes.F64Const: r.Skip(8); Push(ValueType.F64); break;

                case >= Opcodes.I32Eqz and <= Opcodes.I64Extend32S:
                    ValidateNumeric(NumericSignatures.Of(op));
                    break;

                case Opcodes.RefNull: Push(r.ReadReferenceType()); break;
                case Opcodes.RefIsNull:
                {
                    var t = Pop();
                    if (t != Unknown && !t.IsReference()) throw new WasmInvalidException($"type mismatch: ref.is_null needs a reference, got {t.Name()}");
                    Push(ValueType.I32);
                    break;
                }
                case Opcodes.RefFunc:
                {
                    var index = r.ReadU32();
                    context.FunctionAt(index);
                    if (!context.IsDeclaredFunctionReference(index)) throw new WasmInvalidException($"undeclared function reference {index}");
                    Push(ValueType.FuncRef);
                    break;
                }

                case Opcodes.MiscPrefix: ValidateMisc(ref r); break;

                default: throw new WasmInvalidException($"illegal opcode 0x{op:x2}");
            }
        }
    }

    private void ValidateMisc(ref WasmReader r)
    {
        var op = r.ReadU32();
        switch (op)
        {
            case <= MiscOpcodes.I64TruncSatF64U:
                ValidateNumeric(NumericSignatures.OfSaturatingTruncation(op));
                break;
            case MiscOpcodes.MemoryInit:
                var dataIndex = r.ReadU32();
                r.ReadByte();
                context.RequireMemory(0);
                context.RequireDataSegment(dataIndex);
                PopI32Times(3);
                break;
            case MiscOpcodes.DataDrop:
                context.RequireDataSegment(r.ReadU32());
                break;
            case MiscOpcodes.MemoryCopy:
                r.ReadByte();
                r.ReadByte();
                context.RequireMemory(0);
                PopI32Times(3);
                break;
            case MiscOpcodes.MemoryFill:
                r.ReadByte();
                context.RequireMemory(0);
                PopI32Times(3);
                break;
            case MiscOpcodes.TableInit:
            {
                var elementIndex = r.ReadU32();
                var table = context.TableAt(r.ReadU32());
                var elementType = context.ElementTypeAt(elementIndex);
                if (table.ElementType != elementType) throw new WasmInvalidException("type mismatch: element segment type does not match the table");
                PopI32Times(3);
                break;
            }
            case MiscOpcodes.ElemDrop:
                context.ElementTypeAt(r.ReadU32());
                break;
            case MiscOpcodes.TableCopy:
            {
                var destination = context.TableAt(r.ReadU32());
                var source = context.TableAt(r.ReadU32());
                if (destination.ElementType != source.ElementType) throw new WasmInvalidException("type mismatch: table.copy between tables of different types");
                PopI32Times(3);
                break;
            }
            case MiscOpcodes.TableGrow:
            {
                var table = context.TableAt(r.ReadU32());
                Pop(ValueType.I32);
                Pop(table.ElementType);
                Push(ValueType.I32);
                break;
            }
            case MiscOpcodes.TableSize:
                context.TableAt(r.ReadU32());
                Push(ValueType.I32);
                break;
            case MiscOpcodes.TableFill:
            {
                var table = context.TableAt(r.ReadU32());
                Pop(ValueType.I32);
                Pop(table.ElementType);
                Pop(ValueType.I32);
                break;
            }
            default: throw new WasmInvalidException($"illegal opcode 0xfc {op}");
        }
    }

    private void ValidateBrTable(ref WasmReader r)
    {
        var count = r.ReadU32();
        // the targets follow the count; read them after the default, which fixes the arity
        var targetsStart = r.Position;
        for (var i = 0u; i < count; i++) r.ReadU32();
        var defaultLabel = LabelAt(r.ReadU32()).LabelTypes;
        var end = r.Position;

        Pop(ValueType.I32);
        var arity = defaultLabel.Length;
        r.Position = targetsStart;
        ValueType[]? lastChecked = null;
        for (var i = 0u; i < count; i++)
        {
            var labelTypes = LabelAt(r.ReadU32()).LabelTypes;
            if (labelTypes.Length != arity) throw new WasmInvalidException("type mismatch: br_table targets have different arities");
            // The appendix's push_vals(pop_vals(label)) leaves the stack unchanged when its top already holds
            // the label's types (or Unknown where the stack is polymorphic); check that in one vectorised
            // pass, so a hostile br_table with thousands of wide targets stays linear in practice.
            if (ReferenceEquals(labelTypes, lastChecked)) continue;
            if (_valueCount - _frames[_frameCount - 1].Height < arity || !TopMatches(labelTypes))
            {
                PopValuesIntoScratch(labelTypes);
                PushValues(_scratch.AsSpan(0, labelTypes.Length));
            }
            lastChecked = labelTypes;
        }
        r.Position = end;
        PopValues(defaultLabel);
        MarkUnreachable();
    }

    /// <summary>Whether each of the top operands equals the expected type or is Unknown.</summary>
    private bool TopMatches(ValueType[] expected)
    {
        var top = MemoryMarshal.Cast<ValueType, byte>(_values.AsSpan(_valueCount - expected.Length, expected.Length));
        var wanted = MemoryMarshal.Cast<ValueType, byte>(expected.AsSpan());
        if (top.SequenceEqual(wanted)) return true;
        var i = 0;
        for (; i + Vector<byte>.Count <= top.Length; i += Vector<byte>.Count)
        {
            var actual = new Vector<byte>(top[i..]);
            var matches = Vector.Equals(actual, new Vector<byte>(wanted[i..])) | Vector.Equals(actual, Vector<byte>.Zero);
            if (matches != Vector<byte>.AllBitsSet) return false;
        }
        for (; i < top.Length; i++)
            if (top[i] != wanted[i] && top[i] != (byte)Unknown) return false;
        return true;
    }

    private void ValidateMemoryAccess(ref WasmReader r, byte op)
    {
        var (type, naturalAlignment, isStore) = MemoryAccesses.Of(op);
        var alignment = r.ReadU32();
        r.ReadU32();
        context.RequireMemory(0);
        if (alignment > naturalAlignment) throw new WasmInvalidException("alignment must not be larger than natural");
        if (isStore)
        {
            Pop(type);
            Pop(ValueType.I32);
        }
        else
        {
            Pop(ValueType.I32);
            Push(type);
        }
    }

    private void ValidateNumeric(NumericSignature signature)
    {
        if (signature.Second != Unknown) Pop(signature.Second);
        Pop(signature.First);
        Push(signature.Result);
    }

    private void PopI32Times(int n)
    {
        for (var i = 0; i < n; i++) Pop(ValueType.I32);
    }

    private (ValueType[] Parameters, ValueType[] Results) ReadBlockType(ref WasmReader r)
    {
        var blockType = r.ReadBlockType();
        if (blockType.Single is { } single) return ([], SingleTypes.Of(single));
        if (blockType.TypeIndex < 0) return ([], []);
        var type = context.TypeAt((uint)blockType.TypeIndex);
        return (type.Parameters, type.Results);
    }

    private void SetUpLocals(FunctionType type, FunctionBody body)
    {
        long count = type.Parameters.Length;
        foreach (var run in body.Locals) count += run.Count;
        // the decoder caps locals far below this; a definition built in code might not
        if (count > int.MaxValue / 2) throw new WasmInvalidException("too many locals");
        if (_locals.Length < count) _locals = new ValueType[Math.Max(count, _locals.Length * 2L)];
        type.Parameters.CopyTo(_locals, 0);
        var i = type.Parameters.Length;
        foreach (var run in body.Locals)
        {
            _locals.AsSpan(i, (int)run.Count).Fill(run.Type);
            i += (int)run.Count;
        }
        _localCount = i;
    }

    private ValueType LocalAt(uint index) =>
        index < (uint)_localCount ? _locals[index] : throw new WasmInvalidException($"unknown local {index}");

    private ref ControlFrame LabelAt(uint depth)
    {
        if (depth >= (uint)_frameCount) throw new WasmInvalidException($"unknown label {depth}");
        return ref _frames[_frameCount - 1 - (int)depth];
    }

    private static bool IsNumericOrUnknown(ValueType t) => t == Unknown || t.IsNumeric();

    // --- the appendix's stack operations ---

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValueType type)
    {
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount++] = type;
    }

    private void PushValues(ReadOnlySpan<ValueType> types)
    {
        foreach (var t in types) Push(t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_valueCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            throw new WasmInvalidException("type mismatch: operand stack is empty");
        }
        return _values[--_valueCount];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop(ValueType expected)
    {
        var actual = Pop();
        if (actual != expected && actual != Unknown && expected != Unknown)
            throw new WasmInvalidException($"type mismatch: expected {expected.Name()}, got {actual.Name()}");
        return actual;
    }

    private void PopValues(ValueType[] types)
    {
        for (var i = types.Length - 1; i >= 0; i--) Pop(types[i]);
    }

    /// <summary>Pops <paramref name="types"/> and keeps what was actually popped (Unknown included) in the scratch buffer.</summary>
    private void PopValuesIntoScratch(ValueType[] types)
    {
        if (_scratch.Length < types.Length) _scratch = new ValueType[types.Length];
        for (var i = types.Length - 1; i >= 0; i--) _scratch[i] = Pop(types[i]);
    }

    private void PushControl(byte opcode, ValueType[] parameters, ValueType[] results)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new ControlFrame
        {
            Opcode = opcode,
            Parameters = parameters,
            Results = results,
            Height = _valueCount,
            Unreachable = false,
        };
        PushValues(parameters);
    }

    private ControlFrame PopControl()
    {
        var frame = _frames[_frameCount - 1];
        PopValues(frame.Results);
        if (_valueCount != frame.Height) throw new WasmInvalidException("type mismatch: values remain at the end of the block");
        _frameCount--;
        return frame;
    }

    private void MarkUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _valueCount = frame.Height;
        frame.Unreachable = true;
    }
}
