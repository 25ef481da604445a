using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Wasmtime;

namespace Selegic.Extensions.WasmSpec;

/// <summary>A host reference the scripts write as (ref.extern N); equal when N is.</summary>
public sealed record SpecExternRef(ulong Id)
{
    public override string ToString() => $"ref.extern {Id}";
}

/// <summary>
/// Converts the JSON values of wast2json (integers as unsigned decimal, floats as bit patterns,
/// v128 as lanes) to Wasmtime values and compares results, NaN classes included.
/// </summary>
public static class SpecValues
{
    public static ValueBox Parse(JsonElement value)
    {
        var type = value.GetProperty("type").GetString();
        if (type == "v128") return new V128(LaneBytes(value, lane => ParseLane(value, lane)));
        var text = value.GetProperty("value").GetString()!;
        return type switch
        {
            "i32" => unchecked((int)ParseU32(text)),
            "i64" => unchecked((long)ParseU64(text)),
            "f32" => BitConverter.UInt32BitsToSingle(ParseU32(text)),
            "f64" => BitConverter.UInt64BitsToDouble(ParseU64(text)),
            "externref" => ValueBox.AsBox(text == "null" ? null! : new SpecExternRef(ParseU64(text))),
            "funcref" when text == "null" => Function.Null,
            _ => throw new SpecFailure($"unsupported argument value {value}"),
        };
    }

    /// <summary>Whether <paramref name="actual"/> (of <paramref name="kind"/>) is what <paramref name="expected"/> describes.</summary>
    public static bool Matches(JsonElement expected, ValueKind kind, object? actual)
    {
        var type = expected.GetProperty("type").GetString();
        switch (type)
        {
            case "i32": return kind == ValueKind.Int32 && (uint)(int)actual! == ParseU32(Text(expected));
            case "i64": return kind == ValueKind.Int64 && (ulong)(long)actual! == ParseU64(Text(expected));
            case "f32": return kind == ValueKind.Float32 && F32Matches(Text(expected), BitConverter.SingleToUInt32Bits((float)actual!));
            case "f64": return kind == ValueKind.Float64 && F64Matches(Text(expected), BitConverter.DoubleToUInt64Bits((double)actual!));
            case "v128": return kind == ValueKind.V128 && V128Matches(expected, (V128)actual!);
            case "externref":
                return kind == ValueKind.ExternRef && (Text(expected) == "null"
                    ? actual is null
                    : Equals(actual, new SpecExternRef(ParseU64(Text(expected)))));
            case "funcref":
                var isNull = actual is null or Function { IsNull: true };
                return kind == ValueKind.FuncRef && (Text(expected) == "null" ? isNull : !isNull);
            default:
                throw new SpecFailure($"unsupported expected value {expected}");
        }
    }

    public static string Describe(JsonElement value) => value.GetProperty("type").GetString() == "v128"
        ? $"v128:{value.GetProperty("lane_type").GetString()}[{string.Join(' ', value.GetProperty("value").EnumerateArray().Select(l => l.GetString()))}]"
        : $"{value.GetProperty("type").GetString()}:{Text(value)}";

    public static string Describe(ValueKind kind, object? value) => value switch
    {
        null => $"{kind}:null",
        float f => $"f32:{BitConverter.SingleToUInt32Bits(f)}",
        double d => $"f64:{BitConverter.DoubleToUInt64Bits(d)}",
        V128 v => $"v128:{Convert.ToHexString(v.AsSpan())}",
        Function { IsNull: true } => $"{kind}:null",
        _ => $"{kind}:{value}",
    };

    private static bool V128Matches(JsonElement expected, V128 actual)
    {
        var bytes = actual.AsSpan().ToArray();
        var laneType = expected.GetProperty("lane_type").GetString()!;
        var lanes = expected.GetProperty("value").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var width = 16 / lanes.Length;
        for (var i = 0; i < lanes.Length; i++)
        {
            var lane = bytes.AsSpan(i * width, width);
            var ok = laneType switch
            {
                "f32" => F32Matches(lanes[i], BinaryPrimitives.ReadUInt32LittleEndian(lane)),
                "f64" => F64Matches(lanes[i], BinaryPrimitives.ReadUInt64LittleEndian(lane)),
                _ => lane.SequenceEqual(IntegerLane(lanes[i], width)),
            };
            if (!ok) return false;
        }
        return true;
    }

    private static byte[] LaneBytes(JsonElement value, Func<string, byte[]> lane) =>
        value.GetProperty("value").EnumerateArray().SelectMany(l => lane(l.GetString()!)).ToArray();

    private static byte[] ParseLane(JsonElement value, string lane) => value.GetProperty("lane_type").GetString() switch
    {
        "i8" => IntegerLane(lane, 1),
        "i16" => IntegerLane(lane, 2),
        "i32" or "f32" => IntegerLane(lane, 4),
        "i64" or "f64" => IntegerLane(lane, 8),
        var other => throw new SpecFailure($"unsupported v128 lane type {other}"),
    };

    /// <summary>An unsigned decimal lane (floats given as their bits) as little-endian bytes.</summary>
    private static byte[] IntegerLane(string text, int width)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ParseU64(text));
        return bytes[..width];
    }

    private static bool F32Matches(string expected, uint bits) => expected switch
    {
        "nan:canonical" => (bits & 0x7FFF_FFFFu) == 0x7FC0_0000u,
        "nan:arithmetic" => (bits & 0x7FC0_0000u) == 0x7FC0_0000u,
        _ => bits == ParseU32(expected),
    };

    private static bool F64Matches(string expected, ulong bits) => expected switch
    {
        "nan:canonical" => (bits & 0x7FFF_FFFF_FFFF_FFFFul) == 0x7FF8_0000_0000_0000ul,
        "nan:arithmetic" => (bits & 0x7FF8_0000_0000_0000ul) == 0x7FF8_0000_0000_0000ul,
        _ => bits == ParseU64(expected),
    };

    private static string Text(JsonElement value) => value.GetProperty("value").GetString()!;

    private static uint ParseU32(string text) => uint.Parse(text, CultureInfo.InvariantCulture);

    private static ulong ParseU64(string text) => ulong.Parse(text, CultureInfo.InvariantCulture);
}
