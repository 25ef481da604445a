using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Decoding;

/// <summary>
/// Decodes the WebAssembly 2.0 binary format (without SIMD) into a <see cref="ModuleDefinition"/>.
/// Only well-formedness is checked here; <c>ModuleValidator</c> checks types and indices.
/// Function bodies are scanned for well-formed instructions but kept as bytes.
/// </summary>
public static class ModuleDecoder
{
    private const string SectionEnd = "unexpected end of section or function";

    public static ModuleDefinition Decode(ReadOnlyMemory<byte> wasm, DecoderLimits? limits = null) =>
        new Decoder(wasm, limits ?? DecoderLimits.Default).Decode();

    private enum SectionId : byte
    {
        Custom = 0,
        Type = 1,
        Import = 2,
        Function = 3,
        Table = 4,
        Memory = 5,
        Global = 6,
        Export = 7,
        Start = 8,
        Element = 9,
        Code = 10,
        Data = 11,
        DataCount = 12,
    }

    /// <summary>Position of each known section in the required order (data count sits before code).</summary>
    private static int OrderOf(SectionId id) => id switch
    {
        SectionId.DataCount => 10,
        SectionId.Code => 11,
        SectionId.Data => 12,
        _ => (int)id,
    };

    private sealed class Decoder(ReadOnlyMemory<byte> wasm, DecoderLimits limits)
    {
        private readonly ExpressionScanner _scanner = new(limits);

        private FunctionType[] _types = [];
        private Import[] _imports = [];
        private uint[] _functionTypeIndices = [];
        private TableType[] _tables = [];
        private MemoryType[] _memories = [];
        private GlobalDefinition[] _globals = [];
        private Export[] _exports = [];
        private uint? _start;
        private ElementSegment[] _elements = [];
        private DataSegment[] _data = [];
        private uint? _dataCount;
        private bool _hasDataSection;
        private FunctionBody[]? _code;
        private readonly List<(string, ReadOnlyMemory<byte>)> _customSections = [];

        public ModuleDefinition Decode()
        {
            var span = wasm.Span;
            var reader = new WasmReader(span);
            if (span.Length > limits.MaxModuleSize)
                throw DecodeLimit.Exceeded(ref reader, "module size", (ulong)span.Length, limits.MaxModuleSize);
            ReadHeader(ref reader);

            var lastOrder = 0;
            while (!reader.AtEnd)
            {
                var idAt = reader.Position;
                var id = reader.ReadByte();
                if (id > (byte)SectionId.DataCount) throw reader.Error("malformed section id", idAt);
                var size = reader.ReadLength();
                var start = reader.Position;
                var section = (SectionId)id;
                if (section == SectionId.Custom)
                {
                    ReadCustomSection(span.Slice(start, size), start);
                    reader.Position = start + size;
                    continue;
                }
                var order = OrderOf(section);
                if (order <= lastOrder) throw reader.Error("unexpected content after last section", idAt);
                lastOrder = order;

                // Section contents are read from the rest of the module and the size is checked afterwards,
                // as the reference interpreter does, so errors match the spec test suite's wording.
                var sectionReader = new WasmReader(span[start..], start, SectionEnd);
                ReadSection(section, ref sectionReader);
                if (sectionReader.Position != size) throw reader.Error("section size mismatch", start);
                reader.Position = start + size;
            }

            if (_code is null && _functionTypeIndices.Length != 0)
                throw reader.Error("function and code section have inconsistent lengths");
            // memory.init and data.drop need the data count section when there are data segments to name;
            // without a data section every such index is simply unknown, which validation reports
            if (_scanner.DataInstructionWithoutDataCount >= 0 && _hasDataSection)
                throw new WasmMalformedException("data count section required", _scanner.DataInstructionWithoutDataCount);
            if (_dataCount is { } declared && declared != (uint)_data.Length)
                throw reader.Error("data count and data section have inconsistent lengths");

            return new ModuleDefinition
            {
                Types = _types,
                Imports = _imports,
                FunctionTypeIndices = _functionTypeIndices,
                Tables = _tables,
                Memories = _memories,
                Globals = _globals,
                Exports = _exports,
                StartFunction = _start,
                Elements = _elements,
                Data = _data,
                DataCount = _dataCount,
                Code = _code ?? [],
                CustomSections = [.. _customSections],
            };
        }

        private static void ReadHeader(ref WasmReader reader)
        {
            ReadOnlySpan<byte> magic = [0x00, 0x61, 0x73, 0x6D];
            ReadOnlySpan<byte> version = [0x01, 0x00, 0x00, 0x00];
            if (reader.Remaining < 4) { reader.Skip(reader.Remaining); reader.ReadByte(); }
            if (!reader.ReadBytes(4).SequenceEqual(magic)) throw reader.Error("magic header not detected", 0);
            if (reader.Remaining < 4) { reader.Skip(reader.Remaining); reader.ReadByte(); }
            if (!reader.ReadBytes(4).SequenceEqual(version)) throw reader.Error("unknown binary version", 4);
        }

        private void ReadCustomSection(ReadOnlySpan<byte> content, int offset)
        {
            var reader = new WasmReader(content, offset);
            var name = reader.ReadName();
            DecodeLimit.Check(ref reader, "custom sections", (ulong)_customSections.Count + 1, limits.MaxCustomSections);
            _customSections.Add((name, wasm.Slice(offset + reader.Position, reader.Remaining)));
        }

        private void ReadSection(SectionId id, ref WasmReader r)
        {
            switch (id)
            {
                case SectionId.Type: ReadTypes(ref r); break;
                case SectionId.Import: ReadImports(ref r); break;
                case SectionId.Function: ReadFunctions(ref r); break;
                case SectionId.Table: ReadTables(ref r); break;
                case SectionId.Memory: ReadMemories(ref r); break;
                case SectionId.Global: ReadGlobals(ref r); break;
                case SectionId.Export: ReadExports(ref r); break;
                case SectionId.Start: _start = r.ReadU32(); break;
                case SectionId.Element: ReadElements(ref r); break;
                case SectionId.DataCount:
                    _dataCount = r.ReadU32();
                    _scanner.HasDataCount = true;
                    break;
                case SectionId.Code: ReadCode(ref r); break;
                case SectionId.Data:
                    _hasDataSection = true;
                    ReadData(ref r);
                    break;
            }
        }

        /// <summary>Reads a vector count, checks it against a cap, and sizes the array by what the bytes can hold.</summary>
        private static T[] NewVector<T>(ref WasmReader r, string what, int limit, out uint count)
        {
            count = r.ReadU32();
            DecodeLimit.Check(ref r, what, count, limit);
            // every entry takes at least one byte, so no more entries than remaining bytes can be read:
            // a larger count fails with "unexpected end" before the array is full, without allocating for it
            return new T[Math.Min(count, (uint)r.Remaining)];
        }

        private static ValueType[] ReadValueTypes(ref WasmReader r, string what, int limit)
        {
            var types = NewVector<ValueType>(ref r, what, limit, out var count);
            for (var i = 0; i < count; i++)
            {
                types[i] = r.ReadValueType();
            }
            return types;
        }

        private void ReadTypes(ref WasmReader r)
        {
            _types = NewVector<FunctionType>(ref r, "types", limits.MaxTypes, out var count);
            for (var i = 0; i < count; i++)
            {
                r.ReadFunctionTypeForm();
                var parameters = ReadValueTypes(ref r, "function parameters", limits.MaxFunctionParameters);
                var results = ReadValueTypes(ref r, "function results", limits.MaxFunctionResults);
                _types[i] = new FunctionType(parameters, results);
            }
        }

        private void ReadImports(ref WasmReader r)
        {
            _imports = NewVector<Import>(ref r, "imports", limits.MaxImports, out var count);
            for (var i = 0; i < count; i++)
            {
                var module = r.ReadName();
                var name = r.ReadName();
                var kindAt = r.Position;
                _imports[i] = r.ReadByte() switch
                {
                    0 => new Import(module, name, ExternalKind.Function) { FunctionTypeIndex = ReadTypeIndex(ref r) },
                    1 => new Import(module, name, ExternalKind.Table) { Table = ReadTableType(ref r) },
                    2 => new Import(module, name, ExternalKind.Memory) { Memory = new MemoryType(r.ReadLimits()) },
                    3 => new Import(module, name, ExternalKind.Global) { Global = ReadGlobalType(ref r) },
                    _ => throw r.Error("malformed import kind", kindAt),
                };
            }
        }

        private static int ReadTypeIndex(ref WasmReader r)
        {
            var index = r.ReadU32();
            // an index this large can never name a type; the validator reports it as unknown
            return index > int.MaxValue ? int.MaxValue : (int)index;
        }

        private static TableType ReadTableType(ref WasmReader r)
        {
            var elementType = r.ReadReferenceType();
            return new TableType(elementType, r.ReadLimits());
        }

        private static GlobalType ReadGlobalType(ref WasmReader r)
        {
            var type = r.ReadValueType();
            var mutAt = r.Position;
            return r.ReadByte() switch
            {
                0 => new GlobalType(type, false),
                1 => new GlobalType(type, true),
                _ => throw r.Error("malformed mutability", mutAt),
            };
        }

        private void ReadFunctions(ref WasmReader r)
        {
            _functionTypeIndices = NewVector<uint>(ref r, "functions", limits.MaxFunctions, out var count);
            for (var i = 0; i < count; i++) _functionTypeIndices[i] = r.ReadU32();
        }

        private void ReadTables(ref WasmReader r)
        {
            _tables = NewVector<TableType>(ref r, "tables", limits.MaxTables, out var count);
            for (var i = 0; i < count; i++) _tables[i] = ReadTableType(ref r);
        }

        private void ReadMemories(ref WasmReader r)
        {
            _memories = NewVector<MemoryType>(ref r, "memories", limits.MaxMemories, out var count);
            for (var i = 0; i < count; i++) _memories[i] = new MemoryType(r.ReadLimits());
        }

        private void ReadGlobals(ref WasmReader r)
        {
            _globals = NewVector<GlobalDefinition>(ref r, "globals", limits.MaxGlobals, out var count);
            for (var i = 0; i < count; i++)
            {
                var type = ReadGlobalType(ref r);
                _globals[i] = new GlobalDefinition(type, _scanner.ReadConstantExpression(ref r));
            }
        }

        private void ReadExports(ref WasmReader r)
        {
            _exports = NewVector<Export>(ref r, "exports", limits.MaxExports, out var count);
            for (var i = 0; i < count; i++)
            {
                var name = r.ReadName();
                var kindAt = r.Position;
                var kind = r.ReadByte();
                if (kind > 3) throw r.Error("malformed export kind", kindAt);
                _exports[i] = new Export(name, (ExternalKind)kind, r.ReadU32());
            }
        }

        private void ReadElements(ref WasmReader r)
        {
            _elements = NewVector<ElementSegment>(ref r, "element segments", limits.MaxElementSegments, out var count);
            for (var i = 0; i < count; i++) _elements[i] = ReadElementSegment(ref r);
        }

        private ElementSegment ReadElementSegment(ref WasmReader r)
        {
            var flagsAt = r.Position;
            var flags = r.ReadU32();
            if (flags > 7) throw r.Error("malformed elements segment kind", flagsAt);
            // bit 0: passive or declarative; bit 1: explicit table index (active) or declarative; bit 2: expressions
            var mode = (flags & 1) == 0 ? SegmentMode.Active : (flags & 2) == 0 ? SegmentMode.Passive : SegmentMode.Declarative;
            var tableIndex = 0u;
            ConstantExpression offset = default;
            if (mode == SegmentMode.Active)
            {
                if ((flags & 2) != 0) tableIndex = r.ReadU32();
                offset = _scanner.ReadConstantExpression(ref r);
            }
            var usesExpressions = (flags & 4) != 0;
            var elementType = ValueType.FuncRef;
            if ((flags & 3) != 0)
            {
                if (usesExpressions) elementType = r.ReadReferenceType();
                else
                {
                    var kindAt = r.Position;
                    if (r.ReadByte() != 0) throw r.Error("malformed element kind", kindAt);
                }
            }

            var items = NewVector<ConstantExpression>(ref r, "element segment items", limits.MaxElementSegmentItems, out var count);
            for (var i = 0; i < count; i++)
            {
                var item = usesExpressions
                    ? _scanner.ReadConstantExpression(ref r)
                    : new ConstantExpression(ConstantKind.RefFunc, r.ReadU32());
                items[i] = item;
            }
            return new ElementSegment(mode, elementType, tableIndex, offset, items);
        }

        private void ReadCode(ref WasmReader r)
        {
            var countAt = r.Position;
            var code = NewVector<FunctionBody>(ref r, "functions", limits.MaxFunctions, out var count);
            if (count != (uint)_functionTypeIndices.Length)
                throw r.Error("function and code section have inconsistent lengths", countAt);
            for (var i = 0; i < count; i++) code[i] = ReadFunctionBody(ref r, _functionTypeIndices[i]);
            _code = code;
        }

        private FunctionBody ReadFunctionBody(ref WasmReader r, uint typeIndex)
        {
            var size = r.ReadU32();
            DecodeLimit.Check(ref r, "function body size", size, limits.MaxFunctionBodySize);
            var bodyStart = r.Position;

            var runs = NewVector<LocalRun>(ref r, "local declarations", limits.MaxLocalsPerFunction, out var runCount);
            ulong total = 0;
            for (var i = 0; i < runCount; i++)
            {
                var n = r.ReadU32();
                var type = r.ReadValueType();
                total += n;
                runs[i] = new LocalRun(n, type);
            }
            if (total > uint.MaxValue) throw r.Error("too many locals", bodyStart);
            DecodeLimit.Check(ref r, "locals per function", total, limits.MaxLocalsPerFunction);

            var codeStart = r.Position;
            _scanner.ScanExpression(ref r);
            if ((uint)(r.Position - bodyStart) != size) throw r.Error("section size mismatch", bodyStart);
            var absoluteStart = r.OffsetOf(codeStart);
            return new FunctionBody(typeIndex, runs, wasm.Slice(absoluteStart, r.Position - codeStart), absoluteStart);
        }

        private void ReadData(ref WasmReader r)
        {
            _data = NewVector<DataSegment>(ref r, "data segments", limits.MaxDataSegments, out var count);
            for (var i = 0; i < count; i++)
            {
                var flagsAt = r.Position;
                var flags = r.ReadU32();
                var memoryIndex = 0u;
                ConstantExpression offset = default;
                SegmentMode mode;
                switch (flags)
                {
                    case 0:
                        mode = SegmentMode.Active;
                        offset = _scanner.ReadConstantExpression(ref r);
                        break;
                    case 1:
                        mode = SegmentMode.Passive;
                        break;
                    case 2:
                        mode = SegmentMode.Active;
                        memoryIndex = r.ReadU32();
                        offset = _scanner.ReadConstantExpression(ref r);
                        break;
                    default:
                        throw r.Error("malformed data segment kind", flagsAt);
                }
                var length = r.ReadU32();
                var bytesStart = r.Offset;
                r.Skip(length > int.MaxValue ? -1 : (int)length);
                _data[i] = new DataSegment(mode, memoryIndex, offset, wasm.Slice(bytesStart, (int)length));
            }
        }
    }
}
