namespace Selegic.Extensions.Wasm.Tests.Hostile;

/// <summary>Just enough of the binary format to build modules too big or too odd to write as text.</summary>
public sealed class WasmBinaryWriter
{
    private readonly List<byte> _bytes = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public void U32(uint value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            _bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        } while (value != 0);
    }

    public void Bytes(params byte[] bytes) => _bytes.AddRange(bytes);

    public void Section(byte id, Action<WasmBinaryWriter> content)
    {
        var body = new WasmBinaryWriter();
        body._bytes.Clear();
        content(body);
        _bytes.Add(id);
        U32((uint)body._bytes.Count);
        _bytes.AddRange(body._bytes);
    }

    public byte[] ToArray() => [.. _bytes];
}
