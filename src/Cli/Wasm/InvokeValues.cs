using System.Globalization;
using Selegic.Extensions.Wasm;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>Command-line text to and from WebAssembly values for `--invoke`.</summary>
public static class InvokeValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Integers may be written signed or unsigned (-1 and 4294967295 are the same i32); floats accept nan, inf, -inf.</summary>
    public static bool TryParse(string text, ValueType type, out WasmValue value)
    {
        value = default;
        switch (type)
        {
            case ValueType.I32 when int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var i):
                value = WasmValue.I32(i);
                return true;
            case ValueType.I32 when uint.TryParse(text, NumberStyles.None, Invariant, out var u):
                value = WasmValue.I32(unchecked((int)u));
                return true;
            case ValueType.I64 when long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var l):
                value = WasmValue.I64(l);
                return true;
            case ValueType.I64 when ulong.TryParse(text, NumberStyles.None, Invariant, out var ul):
                value = WasmValue.I64(unchecked((long)ul));
                return true;
            case ValueType.F32 when TryParseFloat(text, out var f):
                value = WasmValue.F32((float)f);
                return true;
            case ValueType.F64 when TryParseFloat(text, out var d):
                value = WasmValue.F64(d);
                return true;
            default:
                return false;
        }
    }

    public static string Format(WasmValue value) => value.Type switch
    {
        ValueType.I32 => value.AsI32().ToString(Invariant),
        ValueType.I64 => value.AsI64().ToString(Invariant),
        ValueType.F32 => FormatFloat(value.AsF32()),
        ValueType.F64 => FormatFloat(value.AsF64()),
        _ => value.AsRef() is null ? "null" : "ref",
    };

    private static bool TryParseFloat(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan": value = double.NaN; return true;
            case "inf" or "+inf": value = double.PositiveInfinity; return true;
            case "-inf": value = double.NegativeInfinity; return true;
            default: return double.TryParse(text, NumberStyles.Float, Invariant, out value);
        }
    }

    private static string FormatFloat(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", Invariant);

    private static string FormatFloat(float value) =>
        float.IsNaN(value) ? "nan" : float.IsPositiveInfinity(value) ? "inf" : float.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", Invariant);
}
