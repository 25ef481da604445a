using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.Wasm.Decoding;

/// <summary>
/// A forward reader over WebAssembly binary data: bytes, LEB128 integers, value types, names.
/// Every read checks bounds and encoding and throws <see cref="WasmMalformedException"/> with the
/// spec test suite's wording. Positions are absolute (relative to the start of the module) so
/// messages point into the file; the compiler can read function code with it too.
/// </summary>
public ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private readonly string _eofMessage;
    private int _pos;

    /// <param name="data">The bytes to read.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> in the module binary, for messages.</param>
    /// <param name="eofMessage">The message when a read runs past the end.</param>
    public WasmReader(ReadOnlySpan<byte> data, int baseOffset = 0, string eofMessage = "unexpected end")
    {
        _data = data;
        _baseOffset = baseOffset;
        _eofMessage = eofMessage;
        _pos = 0;
    }

    /// <summary>Position relative to the start of the data given to the constructor.</summary>
    public int Position
    {
        readonly get => _pos;
        set => _pos = value;
    }

    /// <summary>Position in the module binary.</summary>
    public readonly int Offset => _baseOffset + _pos;

    /// <summary>Position <paramref name="position"/> (relative to this reader's data) in the module binary.</summary>
    public readonly int OffsetOf(int position) => _baseOffset + position;

    public readonly int Remaining => _data.Length - _pos;

    public readonly bool AtEnd => _pos >= _data.Length;

    public readonly WasmMalformedException Error(string message) => new(message, Offset);

    public readonly WasmMalformedException Error(string message, int position) => new(message, _baseOffset + position);

    private readonly WasmMalformedException EndError() => new(_eofMessage, Offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)_pos >= (uint)_data.Length) throw EndError();
        return _data[_pos++];
    }

    public readonly byte PeekByte()
    {
        if ((uint)_pos >= (uint)_data.Length) throw EndError();
        return _data[_pos];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining) throw EndError();
        var span = _data.Slice(_pos, count);
        _pos += count;
        return span;
    }

    public void Skip(int count)
    {
        if (count < 0 || count > Remaining) throw EndError();
        _pos += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadU32()
    {
        if ((uint)_pos < (uint)_data.Length)
        {
            var b = _data[_pos];
            if (b < 0x80) { _pos++; return b; }
        }
        return ReadU32Slow();
    }

    private uint ReadU32Slow()
    {
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long");
                if ((b & 0x70) != 0) throw Error("integer too large");
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    public int ReadS32()
    {
        int result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long");
                // bits 4..6 of the last byte must repeat the sign bit (bit 3)
                var extra = b & 0x78;
                if (extra != 0 && extra != 0x78) throw Error("integer too large");
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                var used = shift + 7;
                return (b & 0x40) != 0 ? result | (-1 << used) : result;
            }
        }
    }

    /// <summary>A signed 33-bit LEB, used by block types.</summary>
    public long ReadS33()
    {
        long result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long");
                var extra = b & 0x70;
                if (extra != 0 && extra != 0x70) throw Error("integer too large");
                result |= (long)(b & 0x7F) << 28;
                return (b & 0x10) != 0 ? result | (-1L << 33) : result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                var used = shift + 7;
                return (b & 0x40) != 0 ? result | (-1L << used) : result;
            }
        }
    }

    public long ReadS64()
    {
        long result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long");
                var extra = b & 0x7F;
                if (extra != 0 && extra != 0x7F) throw Error("integer too large");
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                var used = shift + 7;
                return used < 64 && (b & 0x40) != 0 ? result | (-1L << used) : result;
            }
        }
    }

    public uint ReadF32Bits() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadF64Bits() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>A one-byte signed LEB (the spec's s7 for types): a continuation bit means "too long".</summary>
    private byte ReadTypeByte()
    {
        var b = ReadByte();
        if ((b & 0x80) != 0) throw Error("integer representation too long", _pos - 1);
        return b;
    }

    public ValueType ReadValueType()
    {
        var b = ReadTypeByte();
        return b switch
        {
            0x7F or 0x7E or 0x7D or 0x7C or 0x70 or 0x6F => (ValueType)b,
            _ => throw Error("malformed value type", _pos - 1),
        };
    }

    public ValueType ReadReferenceType()
    {
        var b = ReadTypeByte();
        return b switch
        {
            0x70 or 0x6F => (ValueType)b,
            _ => throw Error("malformed reference type", _pos - 1),
        };
    }

    /// <summary>The form byte that starts a function type (0x60).</summary>
    public void ReadFunctionTypeForm()
    {
        if (ReadTypeByte() != 0x60) throw Error("malformed function type", _pos - 1);
    }

    public BlockType ReadBlockType()
    {
        var b = PeekByte();
        if (b == 0x40) { _pos++; return BlockType.Empty; }
        if ((b & 0xC0) == 0x40)
        {
            // a single negative byte: a value type
            return BlockType.Of(ReadValueType());
        }
        var index = ReadS33();
        if (index < 0) throw Error("malformed value type");
        if (index > int.MaxValue) throw Error("unknown type");
        return BlockType.Indexed((int)index);
    }

    /// <summary>A reserved byte that must be 0x00 (memory index placeholders in 2.0).</summary>
    public void ReadZeroByte()
    {
        if (ReadByte() != 0) throw Error("zero byte expected", _pos - 1);
    }

    /// <summary>A byte vector length: must fit the remaining bytes.</summary>
    public int ReadLength()
    {
        var start = _pos;
        var n = ReadU32();
        if (n > (uint)Remaining) throw Error("length out of bounds", start);
        return (int)n;
    }

    /// <summary>A UTF-8 name (the spec's name: a byte vector that must be valid UTF-8).</summary>
    public string ReadName()
    {
        var length = ReadLength();
        var start = _pos;
        var bytes = ReadBytes(length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw Error("malformed UTF-8 encoding", start);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Limits: a flag (read as the spec's 1-bit LEB) then min and optional max.</summary>
    public Limits ReadLimits()
    {
        var flags = ReadByte();
        if ((flags & 0x80) != 0) throw Error("integer representation too long", _pos - 1);
        if (flags > 1) throw Error("integer too large", _pos - 1);
        var min = ReadU32();
        return flags == 0 ? new Limits(min, null) : new Limits(min, ReadU32());
    }
}
