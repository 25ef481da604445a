using Selegic.Extensions.Wasm.Decoding;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>Reads past an instruction's immediates (for unreachable code and the fuel pre-pass).</summary>
internal static class InstructionSkipper
{
    public static void SkipImmediates(byte op, ref WasmReader reader)
    {
        switch (op)
        {
            case Opcodes.Block or Opcodes.Loop or Opcodes.If:
                reader.ReadBlockType();
                break;
            case Opcodes.Br or Opcodes.BrIf or Opcodes.Call or Opcodes.LocalGet or Opcodes.LocalSet or Opcodes.LocalTee
                or Opcodes.GlobalGet or Opcodes.GlobalSet or Opcodes.TableGet or Opcodes.TableSet or Opcodes.RefFunc:
                reader.ReadU32();
                break;
            case Opcodes.BrTable:
                var count = reader.ReadU32();
                for (var i = 0u; i <= count; i++) reader.ReadU32();
                break;
            case Opcodes.CallIndirect:
                reader.ReadU32();
                reader.ReadU32();
                break;
            case Opcodes.SelectTyped:
                var types = reader.ReadU32();
                for (var i = 0u; i < types; i++) reader.ReadValueType();
                break;
            case >= Opcodes.I32Load and <= Opcodes.I64Store32:
                reader.ReadU32();
                reader.ReadU32();
                break;
            case Opcodes.MemorySize or Opcodes.MemoryGrow or Opcodes.RefNull:
                reader.ReadByte();
                break;
            case Opcodes.I32Const:
                reader.ReadS32();
                break;
            case Opcodes.I64Const:
                reader.ReadS64();
                break;
            case Opcodes.F32Const:
                reader.Skip(4);
                break;
            case Opcodes.F64Const:
                reader.Skip(8);
                break;
            case Opcodes.MiscPrefix:
                switch (reader.ReadU32())
                {
                    case MiscOpcodes.MemoryInit: reader.ReadU32(); reader.ReadByte(); break;
                    case MiscOpcodes.DataDrop or MiscOpcodes.ElemDrop or MiscOpcodes.TableGrow or MiscOpcodes.TableSize or MiscOpcodes.TableFill:
                        reader.ReadU32();
                        break;
                    case MiscOpcodes.MemoryCopy: reader.ReadByte(); reader.ReadByte(); break;
                    case MiscOpcodes.MemoryFill: reader.ReadByte(); break;
                    case MiscOpcodes.TableInit or MiscOpcodes.TableCopy: reader.ReadU32(); reader.ReadU32(); break;
                }
                break;
        }
    }
}
