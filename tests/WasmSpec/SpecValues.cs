using System.Globalization;
using System.Text.Json;
using Selegic.Extensions.Wasm.Runtime;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;

namespace Selegic.Extensions.WasmSpec;

/// <summary>A host reference the scripts write as (ref.extern N); equal when N is.</summary>
public sealed record SpecExternRef(ulong Id)
{
    public override string ToString() => $"ref.extern {Id}";
}

/// <summary>Converts the JSON values of wast2json (integers as unsigned decimal, floats as bit patterns) and compares results.</summary>
public static class SpecValues
{
    public static WasmValue Parse(JsonElement value)
    {
        var type = value.GetProperty("type").GetString();
        var text = value.GetProperty("value").GetString()!;
        return type switch
        {
            "i32" => WasmValue.I32(unchecked((int)uint.Parse(text, CultureInfo.InvariantCulture))),
            "i64" => WasmValue.I64(unchecked((long)ulong.Parse(text, CultureInfo.InvariantCulture))),
            "f32" => WasmValue.F32Bits(uint.Parse(text, CultureInfo.InvariantCulture)),
            "f64" => WasmValue.F64Bits(ulong.Parse(text, CultureInfo.InvariantCulture)),
            "externref" => text == "null" ? WasmValue.NullRef(ValueType.ExternRef) : WasmValue.ExternRef(new SpecExternRef(ulong.Parse(text, CultureInfo.InvariantCulture))),
            "funcref" when text == "null" => WasmValue.NullRef(ValueType.FuncRef),
            _ => throw new SpecFailure($"unsupported argument value {value}"),
        };
    }

    /// <summary>Whether <paramref name="actual"/> is what <paramref name="expected"/> describes (NaN classes included).</summary>
    public static bool Matches(JsonElement expected, WasmValue actual)
    {
        var type = expected.GetProperty("type").GetString();
        var text = expected.GetProperty("value").GetString()!;
        switch (type)
        {
            case "i32": return actual.Type == ValueType.I32 && (uint)actual.AsI32() == uint.Parse(text, CultureInfo.InvariantCulture);
            case "i64": return actual.Type == ValueType.I64 && (ulong)actual.AsI64() == ulong.Parse(text, CultureInfo.InvariantCulture);
            case "f32":
            {
                if (actual.Type != ValueType.F32) return false;
                var bits = actual.AsF32Bits();
                return text switch
                {
                    "nan:canonical" => (bits & 0x7FFF_FFFFu) == 0x7FC0_0000u,
                    "nan:arithmetic" => (bits & 0x7FC0_0000u) == 0x7FC0_0000u,
                    _ => bits == uint.Parse(text, CultureInfo.InvariantCulture),
                };
            }
            case "f64":
            {
                if (actual.Type != ValueType.F64) return false;
                var bits = actual.AsF64Bits();
                return text switch
                {
                    "nan:canonical" => (bits & 0x7FFF_FFFF_FFFF_FFFFul) == 0x7FF8_0000_0000_0000ul,
                    "nan:arithmetic" => (bits & 0x7FF8_0000_0000_0000ul) == 0x7FF8_0000_0000_0000ul,
                    _ => bits == ulong.Parse(text, CultureInfo.InvariantCulture),
                };
            }
            case "externref":
                return actual.Type == ValueType.ExternRef && (text == "null"
                    ? actual.AsRef() is null
                    : Equals(actual.AsRef(), new SpecExternRef(ulong.Parse(text, CultureInfo.InvariantCulture))));
            case "funcref":
                return actual.Type == ValueType.FuncRef && (text == "null" ? actual.AsRef() is null : actual.AsRef() is not null);
            default:
                throw new SpecFailure($"unsupported expected value {expected}");
        }
    }

    public static string Describe(JsonElement value) => $"{value.GetProperty("type").GetString()}:{value.GetProperty("value").GetString()}";
}
