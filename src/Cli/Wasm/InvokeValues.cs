using System.Globalization;
using Wasmtime;

namespace Selegic.Extensions.Cli.Wasm;

/// <summary>Command-line text to and from WebAssembly values for `--invoke`.</summary>
public static class InvokeValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Integers may be written signed or unsigned (-1 and 4294967295 are the same i32); floats accept nan, inf, -inf.</summary>
    public static bool TryParse(string text, ValueKind kind, out ValueBox value)
    {
        value = default;
        switch (kind)
        {
            case ValueKind.Int32 when int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var i):
                value = i;
                return true;
            case ValueKind.Int32 when uint.TryParse(text, NumberStyles.None, Invariant, out var u):
                value = unchecked((int)u);
                return true;
            case ValueKind.Int64 when long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var l):
                value = l;
                return true;
            case ValueKind.Int64 when ulong.TryParse(text, NumberStyles.None, Invariant, out var ul):
                value = unchecked((long)ul);
                return true;
            case ValueKind.Float32 when TryParseFloat(text, out var f):
                value = (float)f;
                return true;
            case ValueKind.Float64 when TryParseFloat(text, out var d):
                value = d;
                return true;
            default:
                return false;
        }
    }

    public static string Format(object? value) => value switch
    {
        int i => i.ToString(Invariant),
        long l => l.ToString(Invariant),
        float f => FormatFloat(f),
        double d => FormatFloat(d),
        V128 v => "0x" + Convert.ToHexStringLower([.. v.AsSpan().ToArray().Reverse()]),
        null or Function { IsNull: true } => "null",
        _ => "ref",
    };

    /// <summary>The wasm name of a value kind (i32, f64, ...), as the messages and docs write it.</summary>
    public static string Name(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        ValueKind.V128 => "v128",
        ValueKind.FuncRef => "funcref",
        ValueKind.ExternRef => "externref",
        _ => kind.ToString().ToLowerInvariant(),
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
