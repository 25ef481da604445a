using System.Reflection;
using System.Reflection.Emit;
using Selegic.Extensions.Wasm.Decoding;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>Everything but control flow: one case per opcode.</summary>
internal sealed partial class FunctionCompiler
{
    private const ValueType I32 = ValueType.I32;
    private const ValueType I64 = ValueType.I64;
    private const ValueType F32 = ValueType.F32;
    private const ValueType F64 = ValueType.F64;

    private void EmitInstruction(byte op, ref WasmReader reader)
    {
        switch (op)
        {
            case Opcodes.Unreachable:
                _il.Emit(OpCodes.Call, Method(typeof(Traps), nameof(Traps.Unreachable)));
                _il.Emit(OpCodes.Throw);
                _unreachable = true;
                break;
            case Opcodes.Nop: break;
            case Opcodes.Br:
                BranchTo(Target(reader.ReadU32()));
                _unreachable = true;
                break;
            case Opcodes.BrIf: BrIf(Target(reader.ReadU32())); break;
            case Opcodes.BrTable: BrTable(ref reader); break;
            case Opcodes.Return:
                BranchTo(_frames[0]);
                _unreachable = true;
                break;
            case Opcodes.Call: Call(reader.ReadU32()); break;
            case Opcodes.CallIndirect:
                var typeIndex = reader.ReadU32();
                CallIndirect(typeIndex, reader.ReadU32());
                break;
            case Opcodes.Drop:
                Pop();
                _il.Emit(OpCodes.Pop);
                break;
            case Opcodes.Select: Select(); break;
            case Opcodes.SelectTyped:
                var n = reader.ReadU32();
                for (var i = 0u; i < n; i++) reader.ReadValueType();
                Select();
                break;
            case Opcodes.LocalGet:
            {
                var index = (int)reader.ReadU32();
                LoadLocal(index);
                Push(_localTypes[index]);
                break;
            }
            case Opcodes.LocalSet:
                Pop();
                StoreLocal((int)reader.ReadU32());
                break;
            case Opcodes.LocalTee:
                _il.Emit(OpCodes.Dup);
                StoreLocal((int)reader.ReadU32());
                break;
            case Opcodes.GlobalGet: GlobalGet((int)reader.ReadU32()); break;
            case Opcodes.GlobalSet: GlobalSet((int)reader.ReadU32()); break;
            case Opcodes.TableGet:
            {
                var table = (int)reader.ReadU32();
                Pop();
                CallRuntime(nameof(RuntimeOps.TableGet), table);
                Push(_layout.TableElementType(table));
                break;
            }
            case Opcodes.TableSet:
                Pop();
                Pop();
                CallRuntime(nameof(RuntimeOps.TableSet), (int)reader.ReadU32());
                break;

            case Opcodes.I32Load: Load(ref reader, 4, OpCodes.Ldind_I4, null, I32); break;
            case Opcodes.I64Load: Load(ref reader, 8, OpCodes.Ldind_I8, null, I64); break;
            case Opcodes.F32Load: Load(ref reader, 4, OpCodes.Ldind_R4, null, F32); break;
            case Opcodes.F64Load: Load(ref reader, 8, OpCodes.Ldind_R8, null, F64); break;
            case Opcodes.I32Load8S: Load(ref reader, 1, OpCodes.Ldind_I1, null, I32); break;
            case Opcodes.I32Load8U: Load(ref reader, 1, OpCodes.Ldind_U1, null, I32); break;
            case Opcodes.I32Load16S: Load(ref reader, 2, OpCodes.Ldind_I2, null, I32); break;
            case Opcodes.I32Load16U: Load(ref reader, 2, OpCodes.Ldind_U2, null, I32); break;
            case Opcodes.I64Load8S: Load(ref reader, 1, OpCodes.Ldind_I1, OpCodes.Conv_I8, I64); break;
            case Opcodes.I64Load8U: Load(ref reader, 1, OpCodes.Ldind_U1, OpCodes.Conv_U8, I64); break;
            case Opcodes.I64Load16S: Load(ref reader, 2, OpCodes.Ldind_I2, OpCodes.Conv_I8, I64); break;
            case Opcodes.I64Load16U: Load(ref reader, 2, OpCodes.Ldind_U2, OpCodes.Conv_U8, I64); break;
            case Opcodes.I64Load32S: Load(ref reader, 4, OpCodes.Ldind_I4, OpCodes.Conv_I8, I64); break;
            case Opcodes.I64Load32U: Load(ref reader, 4, OpCodes.Ldind_U4, OpCodes.Conv_U8, I64); break;
            case Opcodes.I32Store: Store(ref reader, 4, OpCodes.Stind_I4, false); break;
            case Opcodes.I64Store: Store(ref reader, 8, OpCodes.Stind_I8, false); break;
            case Opcodes.F32Store: Store(ref reader, 4, OpCodes.Stind_R4, false); break;
            case Opcodes.F64Store: Store(ref reader, 8, OpCodes.Stind_R8, false); break;
            case Opcodes.I32Store8: Store(ref reader, 1, OpCodes.Stind_I1, false); break;
            case Opcodes.I32Store16: Store(ref reader, 2, OpCodes.Stind_I2, false); break;
            case Opcodes.I64Store8: Store(ref reader, 1, OpCodes.Stind_I1, true); break;
            case Opcodes.I64Store16: Store(ref reader, 2, OpCodes.Stind_I2, true); break;
            case Opcodes.I64Store32: Store(ref reader, 4, OpCodes.Stind_I4, true); break;
            case Opcodes.MemorySize:
                reader.ReadByte();
                LoadMemoryLength();
                _il.Emit(OpCodes.Ldc_I4, 16);
                _il.Emit(OpCodes.Shr_Un);
                _il.Emit(OpCodes.Conv_I4);
                Push(I32);
                break;
            case Opcodes.MemoryGrow:
                reader.ReadByte();
                LdCtx();
                _il.Emit(OpCodes.Call, Method(typeof(RuntimeOps), nameof(RuntimeOps.MemoryGrow)));
                ReloadMemory();
                break;

            case Opcodes.I32Const:
            {
                var value = reader.ReadS32();
                _il.Emit(OpCodes.Ldc_I4, value);
                NoteConstant((uint)value);
                Push(I32);
                break;
            }
            case Opcodes.I64Const:
            {
                var value = reader.ReadS64();
                _il.Emit(OpCodes.Ldc_I8, value);
                NoteConstant((ulong)value);
                Push(I64);
                break;
            }
            case Opcodes.F32Const:
                EmitF32Constant(reader.ReadF32Bits());
                Push(F32);
                break;
            case Opcodes.F64Const:
                EmitF64Constant(reader.ReadF64Bits());
                Push(F64);
                break;

            case Opcodes.I32Eqz: _il.Emit(OpCodes.Ldc_I4_0); Compare(OpCodes.Ceq, false, 1); break;
            case Opcodes.I32Eq or Opcodes.I64Eq or Opcodes.F32Eq or Opcodes.F64Eq: Compare(OpCodes.Ceq, false); break;
            case Opcodes.I32Ne or Opcodes.I64Ne or Opcodes.F32Ne or Opcodes.F64Ne: Compare(OpCodes.Ceq, true); break;
            case Opcodes.I32LtS or Opcodes.I64LtS or Opcodes.F32Lt or Opcodes.F64Lt: Compare(OpCodes.Clt, false); break;
            case Opcodes.I32LtU or Opcodes.I64LtU: Compare(OpCodes.Clt_Un, false); break;
            case Opcodes.I32GtS or Opcodes.I64GtS or Opcodes.F32Gt or Opcodes.F64Gt: Compare(OpCodes.Cgt, false); break;
            case Opcodes.I32GtU or Opcodes.I64GtU: Compare(OpCodes.Cgt_Un, false); break;
            // a <= b is !(a > b), and for floats !(a > b or unordered)
            case Opcodes.I32LeS or Opcodes.I64LeS: Compare(OpCodes.Cgt, true); break;
            case Opcodes.I32LeU or Opcodes.I64LeU or Opcodes.F32Le or Opcodes.F64Le: Compare(OpCodes.Cgt_Un, true); break;
            case Opcodes.I32GeS or Opcodes.I64GeS: Compare(OpCodes.Clt, true); break;
            case Opcodes.I32GeU or Opcodes.I64GeU or Opcodes.F32Ge or Opcodes.F64Ge: Compare(OpCodes.Clt_Un, true); break;
            case Opcodes.I64Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                Compare(OpCodes.Ceq, false, 1);
                break;

            case Opcodes.I32Clz: Helper(nameof(Numerics.I32Clz), 1, I32); break;
            case Opcodes.I32Ctz: Helper(nameof(Numerics.I32Ctz), 1, I32); break;
            case Opcodes.I32Popcnt: Helper(nameof(Numerics.I32Popcnt), 1, I32); break;
            case Opcodes.I32Add or Opcodes.I64Add or Opcodes.F32Add or Opcodes.F64Add: Binary(OpCodes.Add); break;
            case Opcodes.I32Sub or Opcodes.I64Sub or Opcodes.F32Sub or Opcodes.F64Sub: Binary(OpCodes.Sub); break;
            case Opcodes.I32Mul or Opcodes.I64Mul or Opcodes.F32Mul or Opcodes.F64Mul: Binary(OpCodes.Mul); break;
            case Opcodes.F32Div or Opcodes.F64Div: Binary(OpCodes.Div); break;
            case Opcodes.I32DivS: Helper(nameof(Numerics.I32DivS), 2, I32); break;
            case Opcodes.I32DivU: Helper(nameof(Numerics.I32DivU), 2, I32); break;
            case Opcodes.I32RemS: Helper(nameof(Numerics.I32RemS), 2, I32); break;
            case Opcodes.I32RemU: Helper(nameof(Numerics.I32RemU), 2, I32); break;
            case Opcodes.I32And or Opcodes.I64And: Binary(OpCodes.And); break;
            case Opcodes.I32Or or Opcodes.I64Or: Binary(OpCodes.Or); break;
            case Opcodes.I32Xor or Opcodes.I64Xor: Binary(OpCodes.Xor); break;
            case Opcodes.I32Shl: Shift(OpCodes.Shl, false); break;
            case Opcodes.I32ShrS: Shift(OpCodes.Shr, false); break;
            case Opcodes.I32ShrU: Shift(OpCodes.Shr_Un, false); break;
            case Opcodes.I32Rotl: Helper(nameof(Numerics.I32Rotl), 2, I32); break;
            case Opcodes.I32Rotr: Helper(nameof(Numerics.I32Rotr), 2, I32); break;
            case Opcodes.I64Clz: Helper(nameof(Numerics.I64Clz), 1, I64); break;
            case Opcodes.I64Ctz: Helper(nameof(Numerics.I64Ctz), 1, I64); break;
            case Opcodes.I64Popcnt: Helper(nameof(Numerics.I64Popcnt), 1, I64); break;
            case Opcodes.I64DivS: Helper(nameof(Numerics.I64DivS), 2, I64); break;
            case Opcodes.I64DivU: Helper(nameof(Numerics.I64DivU), 2, I64); break;
            case Opcodes.I64RemS: Helper(nameof(Numerics.I64RemS), 2, I64); break;
            case Opcodes.I64RemU: Helper(nameof(Numerics.I64RemU), 2, I64); break;
            case Opcodes.I64Shl: Shift(OpCodes.Shl, true); break;
            case Opcodes.I64ShrS: Shift(OpCodes.Shr, true); break;
            case Opcodes.I64ShrU: Shift(OpCodes.Shr_Un, true); break;
            case Opcodes.I64Rotl: Helper(nameof(Numerics.I64Rotl), 2, I64); break;
            case Opcodes.I64Rotr: Helper(nameof(Numerics.I64Rotr), 2, I64); break;

            case Opcodes.F32Abs: Helper(nameof(Numerics.F32Abs), 1, F32); break;
            case Opcodes.F32Neg: Helper(nameof(Numerics.F32Neg), 1, F32); break;
            case Opcodes.F32Ceil: Helper(nameof(Numerics.F32Ceil), 1, F32); break;
            case Opcodes.F32Floor: Helper(nameof(Numerics.F32Floor), 1, F32); break;
            case Opcodes.F32Trunc: Helper(nameof(Numerics.F32Trunc), 1, F32); break;
            case Opcodes.F32Nearest: Helper(nameof(Numerics.F32Nearest), 1, F32); break;
            case Opcodes.F32Sqrt: Helper(nameof(Numerics.F32Sqrt), 1, F32); break;
            case Opcodes.F32Min: Helper(nameof(Numerics.F32Min), 2, F32); break;
            case Opcodes.F32Max: Helper(nameof(Numerics.F32Max), 2, F32); break;
            case Opcodes.F32Copysign: Helper(nameof(Numerics.F32Copysign), 2, F32); break;
            case Opcodes.F64Abs: Helper(nameof(Numerics.F64Abs), 1, F64); break;
            case Opcodes.F64Neg: Helper(nameof(Numerics.F64Neg), 1, F64); break;
            case Opcodes.F64Ceil: Helper(nameof(Numerics.F64Ceil), 1, F64); break;
            case Opcodes.F64Floor: Helper(nameof(Numerics.F64Floor), 1, F64); break;
            case Opcodes.F64Trunc: Helper(nameof(Numerics.F64Trunc), 1, F64); break;
            case Opcodes.F64Nearest: Helper(nameof(Numerics.F64Nearest), 1, F64); break;
            case Opcodes.F64Sqrt: Helper(nameof(Numerics.F64Sqrt), 1, F64); break;
            case Opcodes.F64Min: Helper(nameof(Numerics.F64Min), 2, F64); break;
            case Opcodes.F64Max: Helper(nameof(Numerics.F64Max), 2, F64); break;
            case Opcodes.F64Copysign: Helper(nameof(Numerics.F64Copysign), 2, F64); break;

            case Opcodes.I32WrapI64: Convert(OpCodes.Conv_I4, I32); break;
            case Opcodes.I32TruncF32S: Helper(nameof(Numerics.I32TruncF32S), 1, I32); break;
            case Opcodes.I32TruncF32U: Helper(nameof(Numerics.I32TruncF32U), 1, I32); break;
            case Opcodes.I32TruncF64S: Helper(nameof(Numerics.I32TruncF64S), 1, I32); break;
            case Opcodes.I32TruncF64U: Helper(nameof(Numerics.I32TruncF64U), 1, I32); break;
            case Opcodes.I64ExtendI32S: Convert(OpCodes.Conv_I8, I64); break;
            case Opcodes.I64ExtendI32U: Convert(OpCodes.Conv_U8, I64); break;
            case Opcodes.I64TruncF32S: Helper(nameof(Numerics.I64TruncF32S), 1, I64); break;
            case Opcodes.I64TruncF32U: Helper(nameof(Numerics.I64TruncF32U), 1, I64); break;
            case Opcodes.I64TruncF64S: Helper(nameof(Numerics.I64TruncF64S), 1, I64); break;
            case Opcodes.I64TruncF64U: Helper(nameof(Numerics.I64TruncF64U), 1, I64); break;
            case Opcodes.F32ConvertI32S: Convert(OpCodes.Conv_R4, F32); break;
            case Opcodes.F32ConvertI32U: Helper(nameof(Numerics.F32ConvertI32U), 1, F32); break;
            case Opcodes.F32ConvertI64S: Helper(nameof(Numerics.F32ConvertI64S), 1, F32); break;
            case Opcodes.F32ConvertI64U: Helper(nameof(Numerics.F32ConvertI64U), 1, F32); break;
            case Opcodes.F32DemoteF64: Helper(nameof(Numerics.F32DemoteF64), 1, F32); break;
            case Opcodes.F64ConvertI32S: Convert(OpCodes.Conv_R8, F64); break;
            case Opcodes.F64ConvertI32U: Helper(nameof(Numerics.F64ConvertI32U), 1, F64); break;
            case Opcodes.F64ConvertI64S: Convert(OpCodes.Conv_R8, F64); break;
            case Opcodes.F64ConvertI64U: Helper(nameof(Numerics.F64ConvertI64U), 1, F64); break;
            case Opcodes.F64PromoteF32: Helper(nameof(Numerics.F64PromoteF32), 1, F64); break;
            case Opcodes.I32ReinterpretF32: Bits(nameof(BitConverter.SingleToInt32Bits), I32); break;
            case Opcodes.I64ReinterpretF64: Bits(nameof(BitConverter.DoubleToInt64Bits), I64); break;
            case Opcodes.F32ReinterpretI32:
                if (_constantEnd == _il.ILOffset)
                {
                    _il.Emit(OpCodes.Pop);
                    Pop();
                    EmitF32Constant((uint)_constantBits);
                    Push(F32);
                }
                else Bits(nameof(BitConverter.Int32BitsToSingle), F32);
                break;
            case Opcodes.F64ReinterpretI64:
                if (_constantEnd == _il.ILOffset)
                {
                    _il.Emit(OpCodes.Pop);
                    Pop();
                    EmitF64Constant(_constantBits);
                    Push(F64);
                }
                else Bits(nameof(BitConverter.Int64BitsToDouble), F64);
                break;

            case Opcodes.I32Extend8S: Convert(OpCodes.Conv_I1, I32); break;
            case Opcodes.I32Extend16S: Convert(OpCodes.Conv_I2, I32); break;
            case Opcodes.I64Extend8S: _il.Emit(OpCodes.Conv_I1); Convert(OpCodes.Conv_I8, I64); break;
            case Opcodes.I64Extend16S: _il.Emit(OpCodes.Conv_I2); Convert(OpCodes.Conv_I8, I64); break;
            case Opcodes.I64Extend32S: _il.Emit(OpCodes.Conv_I4); Convert(OpCodes.Conv_I8, I64); break;

            case Opcodes.RefNull:
                _il.Emit(OpCodes.Ldnull);
                Push(reader.ReadReferenceType());
                break;
            case Opcodes.RefIsNull:
                Pop();
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                Push(I32);
                break;
            case Opcodes.RefFunc:
                LdCtx();
                _il.Emit(OpCodes.Ldfld, ContextFields.Functions);
                _il.Emit(OpCodes.Ldc_I4, (int)reader.ReadU32());
                _il.Emit(OpCodes.Ldelem_Ref);
                Push(ValueType.FuncRef);
                break;
            case Opcodes.MiscPrefix:
                EmitMisc(reader.ReadU32(), ref reader);
                break;
            default:
                throw new InvalidOperationException($"opcode 0x{op:x2} reached the compiler; the validator should have rejected it");
        }
    }

    private void EmitMisc(uint op, ref WasmReader reader)
    {
        switch (op)
        {
            case MiscOpcodes.I32TruncSatF32S: Helper(nameof(Numerics.I32TruncSatF32S), 1, I32); break;
            case MiscOpcodes.I32TruncSatF32U: Helper(nameof(Numerics.I32TruncSatF32U), 1, I32); break;
            case MiscOpcodes.I32TruncSatF64S: Helper(nameof(Numerics.I32TruncSatF64S), 1, I32); break;
            case MiscOpcodes.I32TruncSatF64U: Helper(nameof(Numerics.I32TruncSatF64U), 1, I32); break;
            case MiscOpcodes.I64TruncSatF32S: Helper(nameof(Numerics.I64TruncSatF32S), 1, I64); break;
            case MiscOpcodes.I64TruncSatF32U: Helper(nameof(Numerics.I64TruncSatF32U), 1, I64); break;
            case MiscOpcodes.I64TruncSatF64S: Helper(nameof(Numerics.I64TruncSatF64S), 1, I64); break;
            case MiscOpcodes.I64TruncSatF64U: Helper(nameof(Numerics.I64TruncSatF64U), 1, I64); break;
            case MiscOpcodes.MemoryInit:
            {
                var segment = (int)reader.ReadU32();
                reader.ReadByte();
                PopN(3);
                CallRuntime(nameof(RuntimeOps.MemoryInit), segment);
                break;
            }
            case MiscOpcodes.DataDrop:
                LdCtx();
                _il.Emit(OpCodes.Ldc_I4, (int)reader.ReadU32());
                _il.Emit(OpCodes.Call, Method(typeof(RuntimeOps), nameof(RuntimeOps.DataDrop)));
                break;
            case MiscOpcodes.MemoryCopy:
                reader.ReadByte();
                reader.ReadByte();
                PopN(3);
                CallRuntime(nameof(RuntimeOps.MemoryCopy));
                break;
            case MiscOpcodes.MemoryFill:
                reader.ReadByte();
                PopN(3);
                CallRuntime(nameof(RuntimeOps.MemoryFill));
                break;
            case MiscOpcodes.TableInit:
            {
                var segment = (int)reader.ReadU32();
                var table = (int)reader.ReadU32();
                PopN(3);
                CallRuntime(nameof(RuntimeOps.TableInit), segment, table);
                break;
            }
            case MiscOpcodes.ElemDrop:
                LdCtx();
                _il.Emit(OpCodes.Ldc_I4, (int)reader.ReadU32());
                _il.Emit(OpCodes.Call, Method(typeof(RuntimeOps), nameof(RuntimeOps.ElemDrop)));
                break;
            case MiscOpcodes.TableCopy:
            {
                var destination = (int)reader.ReadU32();
                var source = (int)reader.ReadU32();
                PopN(3);
                CallRuntime(nameof(RuntimeOps.TableCopy), destination, source);
                break;
            }
            case MiscOpcodes.TableGrow:
                PopN(2);
                CallRuntime(nameof(RuntimeOps.TableGrow), (int)reader.ReadU32());
                Push(I32);
                break;
            case MiscOpcodes.TableSize:
                CallRuntime(nameof(RuntimeOps.TableSize), (int)reader.ReadU32());
                Push(I32);
                break;
            case MiscOpcodes.TableFill:
                PopN(3);
                CallRuntime(nameof(RuntimeOps.TableFill), (int)reader.ReadU32());
                break;
            default:
                throw new InvalidOperationException($"opcode 0xfc {op} reached the compiler; the validator should have rejected it");
        }
    }

    // ---------------------------------------------------------------- emit helpers

    private void PopN(int count)
    {
        for (var i = 0; i < count; i++) Pop();
    }

    /// <summary>Calls a <see cref="RuntimeOps"/> method: operands are on the stack, then the context, then immediates.</summary>
    private void CallRuntime(string name, params int[] immediates)
    {
        LdCtx();
        foreach (var immediate in immediates) _il.Emit(OpCodes.Ldc_I4, immediate);
        _il.Emit(OpCodes.Call, Method(typeof(RuntimeOps), name));
    }

    private void Helper(string name, int operands, ValueType result)
    {
        PopN(operands);
        _il.Emit(OpCodes.Call, Method(typeof(Numerics), name));
        Push(result);
    }

    private static readonly Dictionary<string, MethodInfo> BitConverterMethods = new()
    {
        [nameof(BitConverter.SingleToInt32Bits)] = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!,
        [nameof(BitConverter.DoubleToInt64Bits)] = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!,
        [nameof(BitConverter.Int32BitsToSingle)] = typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!,
        [nameof(BitConverter.Int64BitsToDouble)] = typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!,
    };

    private void Bits(string name, ValueType result)
    {
        Pop();
        _il.Emit(OpCodes.Call, BitConverterMethods[name]);
        Push(result);
    }

    private void Binary(OpCode opcode)
    {
        Pop();
        _il.Emit(opcode);
    }

    private void Convert(OpCode opcode, ValueType result)
    {
        Pop();
        _il.Emit(opcode);
        Push(result);
    }

    /// <summary>Comparison leaving an i32 0/1; <paramref name="negate"/> flips it.</summary>
    private void Compare(OpCode opcode, bool negate, int operands = 2)
    {
        PopN(operands);
        _il.Emit(opcode);
        if (negate)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ceq);
        }
        Push(I32);
    }

    /// <summary>Shifts take the count modulo the width, as wasm requires and IL leaves unspecified.</summary>
    private void Shift(OpCode opcode, bool wide)
    {
        Pop();
        if (wide) _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, wide ? 63 : 31);
        _il.Emit(OpCodes.And);
        _il.Emit(opcode);
    }

    private void Select()
    {
        Pop();
        Pop();
        var type = _stack[^1];
        var takeSecond = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, takeSecond);
        _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Br, done);
        MarkLabel(takeSecond);
        var temp = RentTemp(type);
        _il.Emit(OpCodes.Stloc, temp);
        _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Ldloc, temp);
        ReleaseTemp(type, temp);
        MarkLabel(done);
    }

    private void LoadLocal(int index)
    {
        if (_locals[index] is { } local) _il.Emit(OpCodes.Ldloc, local);
        else LdArg(index);
    }

    private void StoreLocal(int index)
    {
        if (_locals[index] is { } local) _il.Emit(OpCodes.Stloc, local);
        else if (index < 256) _il.Emit(OpCodes.Starg_S, (byte)index);
        else _il.Emit(OpCodes.Starg, (short)index);
    }

    private static FieldInfo GlobalField(ValueType type) => type switch
    {
        I32 => ContextFields.GlobalI32,
        I64 => ContextFields.GlobalI64,
        F32 => ContextFields.GlobalF32,
        F64 => ContextFields.GlobalF64,
        _ => ContextFields.GlobalRef,
    };

    private void GlobalGet(int index)
    {
        var type = _layout.GlobalTypes[index].ValueType;
        if (_layout.ConstantGlobal(index) is { } constant)
        {
            switch (type)
            {
                case I32: _il.Emit(OpCodes.Ldc_I4, (int)constant.Bits); break;
                case I64: _il.Emit(OpCodes.Ldc_I8, (long)constant.Bits); break;
                case F32: EmitF32Constant((uint)constant.Bits); break;
                default: EmitF64Constant(constant.Bits); break;
            }
        }
        else
        {
            LoadGlobalCell(index);
            _il.Emit(OpCodes.Ldfld, GlobalField(type));
        }
        Push(type);
    }

    private void GlobalSet(int index)
    {
        var type = Pop();
        var temp = RentTemp(type);
        _il.Emit(OpCodes.Stloc, temp);
        LoadGlobalCell(index);
        _il.Emit(OpCodes.Ldloc, temp);
        _il.Emit(OpCodes.Stfld, GlobalField(_layout.GlobalTypes[index].ValueType));
        ReleaseTemp(type, temp);
    }

    private void LoadGlobalCell(int index)
    {
        LdCtx();
        _il.Emit(OpCodes.Ldfld, ContextFields.Globals);
        _il.Emit(OpCodes.Ldc_I4, index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void NoteConstant(ulong bits)
    {
        _constantEnd = _il.ILOffset;
        _constantBits = bits;
    }

    private void EmitF32Constant(uint bits)
    {
        var value = BitConverter.UInt32BitsToSingle(bits);
        if (OpaqueConstants.For(bits) is { } field) _il.Emit(OpCodes.Ldsfld, field);
        else if (float.IsNaN(value))
        {
            _il.Emit(OpCodes.Ldc_I4, (int)bits);
            _il.Emit(OpCodes.Call, Method(typeof(Numerics), nameof(Numerics.F32FromBits)));
        }
        else _il.Emit(OpCodes.Ldc_R4, value);
    }

    private void EmitF64Constant(ulong bits)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);
        if (OpaqueConstants.For(bits) is { } field) _il.Emit(OpCodes.Ldsfld, field);
        else if (double.IsNaN(value))
        {
            _il.Emit(OpCodes.Ldc_I8, (long)bits);
            _il.Emit(OpCodes.Call, Method(typeof(Numerics), nameof(Numerics.F64FromBits)));
        }
        else _il.Emit(OpCodes.Ldc_R8, value);
    }

    // ---------------------------------------------------------------- memory access

    /// <summary>
    /// Turns the i32 address on the stack into a reference to the first byte accessed, after
    /// checking in 64-bit arithmetic that all <paramref name="size"/> bytes are inside the memory's
    /// length (which never exceeds its buffer's).
    /// </summary>
    private void EmitAddress(uint offset, int size)
    {
        _address ??= _il.DeclareLocal(typeof(long));
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Conv_U8);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, _address);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, (long)size);
        _il.Emit(OpCodes.Add);
        LoadMemoryLength();
        _il.Emit(OpCodes.Ble_Un, ok);
        _il.Emit(OpCodes.Call, Method(typeof(Traps), nameof(Traps.MemoryOutOfBounds)));
        MarkLabel(ok);
        // In bounds by the check above, so the element reference plus the offset stays inside the
        // buffer; this avoids a second, redundant array bounds check on every access.
        _il.Emit(OpCodes.Ldloc, _memory!);
        _il.Emit(OpCodes.Call, ArrayDataReference);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Add);
    }

    private static readonly MethodInfo ArrayDataReference = typeof(System.Runtime.InteropServices.MemoryMarshal)
        .GetMethods()
        .Single(m => m.Name == nameof(System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference) && m.IsGenericMethodDefinition)
        .MakeGenericMethod(typeof(byte));

    private void Load(ref WasmReader reader, int size, OpCode load, OpCode? widen, ValueType result)
    {
        reader.ReadU32();
        var offset = reader.ReadU32();
        Pop();
        EmitAddress(offset, size);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        if (widen is { } w) _il.Emit(w);
        Push(result);
    }

    private void Store(ref WasmReader reader, int size, OpCode store, bool narrowFrom64)
    {
        reader.ReadU32();
        var offset = reader.ReadU32();
        var type = Pop();
        Pop();
        var value = RentTemp(type);
        _il.Emit(OpCodes.Stloc, value);
        EmitAddress(offset, size);
        _il.Emit(OpCodes.Ldloc, value);
        if (narrowFrom64) _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
        ReleaseTemp(type, value);
    }
}
