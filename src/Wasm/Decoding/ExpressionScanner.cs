using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Decoding;

/// <summary>
/// Checks that an instruction sequence is well-formed (known opcodes, well-encoded immediates,
/// properly nested block/loop/if/else/end) without type checking, which is the validator's job.
/// One instance serves a whole module decode and reuses its block stack.
/// </summary>
internal sealed class ExpressionScanner(DecoderLimits limits)
{
    private const byte PlainBlock = 0;
    private const byte IfWithoutElse = 1;
    private const byte IfAfterElse = 2;

    private byte[] _frames = new byte[32];

    /// <summary>Whether the module has a data count section (memory.init and data.drop need one).</summary>
    public bool HasDataCount { get; set; }

    /// <summary>Where the first memory.init or data.drop without a data count section is, or -1.</summary>
    public int DataInstructionWithoutDataCount { get; private set; } = -1;

    /// <summary>Reads instructions up to and including the <c>end</c> that closes the expression.</summary>
    public void ScanExpression(ref WasmReader reader)
    {
        var depth = 0;
        while (!Step(ref reader, ref depth)) { }
    }

    /// <summary>
    /// Reads a constant expression (global initialisers, segment offsets and items). A single
    /// constant instruction becomes a <see cref="ConstantExpression"/>; anything else is still read
    /// to its end but marked <see cref="ConstantKind.NotConstant"/> or <see cref="ConstantKind.NotSingleValue"/>
    /// so the validator can report it as the spec does.
    /// </summary>
    public ConstantExpression ReadConstantExpression(ref WasmReader reader)
    {
        var depth = 0;
        var count = 0;
        var nonConstant = false;
        ConstantExpression first = default;
        while (true)
        {
            var start = reader.Position;
            ConstantExpression item;
            switch (reader.ReadByte())
            {
                case Opcodes.I32Const: item = new(ConstantKind.I32, (uint)reader.ReadS32()); break;
                case Opcodes.I64Const: item = new(ConstantKind.I64, (ulong)reader.ReadS64()); break;
                case Opcodes.F32Const: item = new(ConstantKind.F32, reader.ReadF32Bits()); break;
                case Opcodes.F64Const: item = new(ConstantKind.F64, reader.ReadF64Bits()); break;
                case Opcodes.GlobalGet: item = new(ConstantKind.GlobalGet, reader.ReadU32()); break;
                case Opcodes.RefNull: item = new(ConstantKind.RefNull, 0, reader.ReadReferenceType()); break;
                case Opcodes.RefFunc: item = new(ConstantKind.RefFunc, reader.ReadU32()); break;
                case Opcodes.End when depth == 0:
                    if (nonConstant) return new(ConstantKind.NotConstant, 0);
                    return count == 1 ? first : new(ConstantKind.NotSingleValue, (ulong)count);
                default:
                    reader.Position = start;
                    Step(ref reader, ref depth);
                    nonConstant = true;
                    continue;
            }
            if (count++ == 0) first = item;
        }
    }

    /// <summary>Reads one instruction; returns true when it was the <c>end</c> closing the expression.</summary>
    private bool Step(ref WasmReader r, ref int depth)
    {
        var opcodeAt = r.Position;
        var op = r.ReadByte();
        switch (op)
        {
            case Opcodes.Unreachable:
            case Opcodes.Nop:
            case Opcodes.Return:
            case Opcodes.Drop:
            case Opcodes.Select:
            case Opcodes.RefIsNull:
                return false;

            case Opcodes.Block:
            case Opcodes.Loop:
            case Opcodes.If:
                r.ReadBlockType();
                Push(ref r, depth, op == Opcodes.If ? IfWithoutElse : PlainBlock);
                depth++;
                return false;

            case Opcodes.Else:
                if (depth == 0 || _frames[depth - 1] != IfWithoutElse) throw r.Error("END opcode expected", opcodeAt);
                _frames[depth - 1] = IfAfterElse;
                return false;

            case Opcodes.End:
                if (depth == 0) return true;
                depth--;
                return false;

            case Opcodes.Br:
            case Opcodes.BrIf:
            case Opcodes.Call:
            case Opcodes.LocalGet:
            case Opcodes.LocalSet:
            case Opcodes.LocalTee:
            case Opcodes.GlobalGet:
            case Opcodes.GlobalSet:
            case Opcodes.TableGet:
            case Opcodes.TableSet:
            case Opcodes.RefFunc:
                r.ReadU32();
                return false;

            case Opcodes.BrTable:
            {
                var count = r.ReadU32();
                if (count > (uint)limits.MaxBrTableTargets)
                    throw DecodeLimit.Exceeded(ref r, "br_table targets", count, limits.MaxBrTableTargets);
                for (var i = 0u; i <= count; i++) r.ReadU32();
                return false;
            }

            case Opcodes.CallIndirect:
                r.ReadU32();
                r.ReadU32();
                return false;

            case Opcodes.SelectTyped:
            {
                var count = r.ReadU32();
                for (var i = 0u; i < count; i++) r.ReadValueType();
                return false;
            }

            case >= Opcodes.I32Load and <= Opcodes.I64Store32:
                r.ReadU32();
                r.ReadU32();
                return false;

            case Opcodes.MemorySize:
            case Opcodes.MemoryGrow:
                r.ReadZeroByte();
                return false;

            case Opcodes.I32Const: r.ReadS32(); return false;
            case Opcodes.I64Const: r.ReadS64(); return false;
            case Opcodes.F32Const: r.Skip(4); return false;
            case Opcodes.F64Const: r.Skip(8); return false;

            case >= Opcodes.I32Eqz and <= Opcodes.I64Extend32S:
                return false;

            case Opcodes.RefNull:
                r.ReadReferenceType();
                return false;

            case Opcodes.MiscPrefix:
                StepMisc(ref r, opcodeAt);
                return false;

            default:
                throw r.Error("illegal opcode", opcodeAt);
        }
    }

    private void StepMisc(ref WasmReader r, int opcodeAt)
    {
        switch (r.ReadU32())
        {
            case <= MiscOpcodes.I64TruncSatF64U:
                return;
            case MiscOpcodes.MemoryInit:
                RequireDataCount(ref r, opcodeAt);
                r.ReadU32();
                r.ReadZeroByte();
                return;
            case MiscOpcodes.DataDrop:
                RequireDataCount(ref r, opcodeAt);
                r.ReadU32();
                return;
            case MiscOpcodes.MemoryCopy:
                r.ReadZeroByte();
                r.ReadZeroByte();
                return;
            case MiscOpcodes.MemoryFill:
                r.ReadZeroByte();
                return;
            case MiscOpcodes.TableInit:
            case MiscOpcodes.TableCopy:
                r.ReadU32();
                r.ReadU32();
                return;
            case MiscOpcodes.ElemDrop:
            case MiscOpcodes.TableGrow:
            case MiscOpcodes.TableSize:
            case MiscOpcodes.TableFill:
                r.ReadU32();
                return;
            default:
                throw r.Error("illegal opcode", opcodeAt);
        }
    }

    private void RequireDataCount(ref WasmReader r, int opcodeAt)
    {
        if (!HasDataCount && DataInstructionWithoutDataCount < 0) DataInstructionWithoutDataCount = r.OffsetOf(opcodeAt);
    }

    private void Push(ref WasmReader r, int depth, byte kind)
    {
        if (depth >= limits.MaxNestingDepth)
            throw DecodeLimit.Exceeded(ref r, "block nesting depth", (uint)depth + 1, limits.MaxNestingDepth);
        if (depth == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[depth] = kind;
    }
}
