namespace Selegic.Extensions.Wasm.Decoding;

/// <summary>Builds the error for a <see cref="DecoderLimits"/> cap being exceeded.</summary>
internal static class DecodeLimit
{
    public const string Prefix = "limit exceeded: ";

    public static WasmMalformedException Exceeded(ref WasmReader reader, string what, ulong value, int limit) =>
        reader.Error($"{Prefix}{what} {value} > {limit}");

    public static void Check(ref WasmReader reader, string what, ulong value, int limit)
    {
        if (value > (ulong)limit) throw Exceeded(ref reader, what, value, limit);
    }
}
