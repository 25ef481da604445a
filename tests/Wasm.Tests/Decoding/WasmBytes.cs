namespace Selegic.Extensions.Wasm.Tests.Decoding;

/// <summary>Assembles WebAssembly binaries byte by byte for decoder and validator tests.</summary>
internal static class WasmBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static byte[] U32(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            bytes.Add(b);
        } while (value != 0);
        return [.. bytes];
    }

    public static byte[] Section(byte id, params byte[][] parts)
    {
        var content = parts.SelectMany(p => p).ToArray();
        return [id, .. U32((uint)content.Length), .. content];
    }

    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    /// <summary>Type section with one type: [params] -> [results].</summary>
    public static byte[] TypeSection(byte[] parameters, byte[] results) =>
        Section(1, [1, 0x60], U32((uint)parameters.Length), parameters, U32((uint)results.Length), results);

    public static byte[] FunctionSection(int count) =>
        Section(3, U32((uint)count), new byte[count]);

    /// <summary>Code section with bodies made of no locals and the given instructions (which must end with 0x0B).</summary>
    public static byte[] CodeSection(params byte[][] instructions)
    {
        var parts = new List<byte[]> { U32((uint)instructions.Length) };
        foreach (var code in instructions)
        {
            byte[] body = [0x00, .. code];
            parts.Add(U32((uint)body.Length));
            parts.Add(body);
        }
        return Section(10, [.. parts]);
    }

    /// <summary>A module with one function of type [] -> [results] and the given body instructions.</summary>
    public static byte[] SingleFunction(byte[] results, byte[] instructions) =>
        Module(TypeSection([], results), FunctionSection(1), CodeSection(instructions));
}
