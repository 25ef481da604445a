using System.Numerics;
using System.Runtime.CompilerServices;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// WebAssembly numeric semantics that have no single IL instruction: trapping division and
/// truncation, saturating truncation, IEEE min/max/nearest with the spec's NaN and signed-zero
/// rules, bit-exact sign operations, and correctly rounded unsigned conversions.
/// Generated code calls these; they are small so the JIT inlines them.
/// </summary>
internal static class Numerics
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    // ---- integer division ----
    [MethodImpl(Inline)]
    public static int I32DivS(int a, int b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        if (b == -1 && a == int.MinValue) Traps.IntegerOverflow();
        return a / b;
    }

    [MethodImpl(Inline)]
    public static int I32DivU(int a, int b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(Inline)]
    public static int I32RemS(int a, int b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)]
    public static int I32RemU(int a, int b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(Inline)]
    public static long I64DivS(long a, long b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        if (b == -1 && a == long.MinValue) Traps.IntegerOverflow();
        return a / b;
    }

    [MethodImpl(Inline)]
    public static long I64DivU(long a, long b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(Inline)]
    public static long I64RemS(long a, long b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)]
    public static long I64RemU(long a, long b)
    {
        if (b == 0) Traps.IntegerDivideByZero();
        return (long)((ulong)a % (ulong)b);
    }

    // ---- bit counting and rotation ----
    [MethodImpl(Inline)] public static int I32Clz(int a) => BitOperations.LeadingZeroCount((uint)a);
    [MethodImpl(Inline)] public static int I32Ctz(int a) => BitOperations.TrailingZeroCount((uint)a);
    [MethodImpl(Inline)] public static int I32Popcnt(int a) => BitOperations.PopCount((uint)a);
    [MethodImpl(Inline)] public static int I32Rotl(int a, int n) => (int)BitOperations.RotateLeft((uint)a, n);
    [MethodImpl(Inline)] public static int I32Rotr(int a, int n) => (int)BitOperations.RotateRight((uint)a, n);
    [MethodImpl(Inline)] public static long I64Clz(long a) => BitOperations.LeadingZeroCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Ctz(long a) => BitOperations.TrailingZeroCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Popcnt(long a) => BitOperations.PopCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Rotl(long a, long n) => (long)BitOperations.RotateLeft((ulong)a, (int)n);
    [MethodImpl(Inline)] public static long I64Rotr(long a, long n) => (long)BitOperations.RotateRight((ulong)a, (int)n);

    // ---- float sign operations on bits, so NaN payloads pass through unchanged ----
    [MethodImpl(Inline)] public static float F32Abs(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & 0x7FFFFFFF);
    [MethodImpl(Inline)] public static float F32Neg(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ int.MinValue);
    [MethodImpl(Inline)]
    public static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & 0x7FFFFFFF) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));
    [MethodImpl(Inline)] public static double F64Abs(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);
    [MethodImpl(Inline)] public static double F64Neg(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ long.MinValue);
    [MethodImpl(Inline)]
    public static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    /// <summary>A float with exactly these bits. Not inlined: the JIT folds float constants through double, which would quiet a signalling NaN.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] public static float F32FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);
    [MethodImpl(MethodImplOptions.NoInlining)] public static double F64FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);

    // ---- min / max: NaN if either is NaN, and -0 < +0 ----
    [MethodImpl(Inline)]
    public static float F32Min(float a, float b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)]
    public static float F32Max(float a, float b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)]
    public static double F64Min(double a, double b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)]
    public static double F64Max(double a, double b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    // ---- rounding: a NaN input becomes a quiet NaN (x + x), as the spec requires ----
    [MethodImpl(Inline)] public static float F32Ceil(float a) => float.IsNaN(a) ? a + a : MathF.Ceiling(a);
    [MethodImpl(Inline)] public static float F32Floor(float a) => float.IsNaN(a) ? a + a : MathF.Floor(a);
    [MethodImpl(Inline)] public static float F32Trunc(float a) => float.IsNaN(a) ? a + a : MathF.Truncate(a);
    [MethodImpl(Inline)] public static float F32Nearest(float a) => float.IsNaN(a) ? a + a : MathF.Round(a, MidpointRounding.ToEven);
    [MethodImpl(Inline)] public static float F32Sqrt(float a) => MathF.Sqrt(a);
    [MethodImpl(Inline)] public static double F64Ceil(double a) => double.IsNaN(a) ? a + a : Math.Ceiling(a);
    [MethodImpl(Inline)] public static double F64Floor(double a) => double.IsNaN(a) ? a + a : Math.Floor(a);
    [MethodImpl(Inline)] public static double F64Trunc(double a) => double.IsNaN(a) ? a + a : Math.Truncate(a);
    [MethodImpl(Inline)] public static double F64Nearest(double a) => double.IsNaN(a) ? a + a : Math.Round(a, MidpointRounding.ToEven);
    [MethodImpl(Inline)] public static double F64Sqrt(double a) => Math.Sqrt(a);

    // ---- promote / demote: explicit, because the JIT folds demote(promote(x)) to x, which would keep a signalling NaN ----
    [MethodImpl(Inline)] public static double F64PromoteF32(float a) => float.IsNaN(a) ? (double)(a + a) : a;
    [MethodImpl(Inline)] public static float F32DemoteF64(double a) => double.IsNaN(a) ? (float)(a + a) : (float)a;

    // ---- trapping float -> int ----
    private const double TwoPow31 = 2147483648.0;
    private const double TwoPow32 = 4294967296.0;
    private const double TwoPow63 = 9223372036854775808.0;
    private const double TwoPow64 = 18446744073709551616.0;

    [MethodImpl(Inline)] public static int I32TruncF32S(float a) => I32TruncF64S(a);
    [MethodImpl(Inline)] public static int I32TruncF32U(float a) => I32TruncF64U(a);
    [MethodImpl(Inline)] public static long I64TruncF32S(float a) => I64TruncF64S(a);
    [MethodImpl(Inline)] public static long I64TruncF32U(float a) => I64TruncF64U(a);

    [MethodImpl(Inline)]
    public static int I32TruncF64S(double a)
    {
        if (!(a > -TwoPow31 - 1 && a < TwoPow31)) TruncFailure(a);
        return (int)a;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF64U(double a)
    {
        if (!(a > -1 && a < TwoPow32)) TruncFailure(a);
        return (int)(uint)(long)a;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF64S(double a)
    {
        if (!(a >= -TwoPow63 && a < TwoPow63)) TruncFailure(a);
        return (long)a;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF64U(double a)
    {
        if (!(a > -1 && a < TwoPow64)) TruncFailure(a);
        return (long)ToUInt64(a);
    }

    private static void TruncFailure(double a)
    {
        if (double.IsNaN(a)) Traps.InvalidConversionToInteger();
        Traps.IntegerOverflow();
    }

    /// <summary>Truncates a value known to be in (-1, 2^64) without relying on the platform's double->ulong conversion.</summary>
    [MethodImpl(Inline)]
    private static ulong ToUInt64(double a) =>
        a < TwoPow63 ? (ulong)(long)a : (ulong)(long)(a - TwoPow63) | 0x8000000000000000UL;

    // ---- saturating float -> int ----
    [MethodImpl(Inline)] public static int I32TruncSatF32S(float a) => I32TruncSatF64S(a);
    [MethodImpl(Inline)] public static int I32TruncSatF32U(float a) => I32TruncSatF64U(a);
    [MethodImpl(Inline)] public static long I64TruncSatF32S(float a) => I64TruncSatF64S(a);
    [MethodImpl(Inline)] public static long I64TruncSatF32U(float a) => I64TruncSatF64U(a);

    [MethodImpl(Inline)]
    public static int I32TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -TwoPow31 ? int.MinValue : a >= TwoPow31 ? int.MaxValue : (int)a;

    [MethodImpl(Inline)]
    public static int I32TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0 ? 0 : a >= TwoPow32 ? -1 : (int)(uint)(long)a;

    [MethodImpl(Inline)]
    public static long I64TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -TwoPow63 ? long.MinValue : a >= TwoPow63 ? long.MaxValue : (long)a;

    [MethodImpl(Inline)]
    public static long I64TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0 ? 0 : a >= TwoPow64 ? -1L : (long)ToUInt64(a);

    // ---- int -> float, correctly rounded ----
    [MethodImpl(Inline)] public static float F32ConvertI32U(int a) => (float)(long)(uint)a;
    [MethodImpl(Inline)] public static double F64ConvertI32U(int a) => (uint)a;

    [MethodImpl(Inline)]
    public static float F32ConvertI64S(long a) =>
        a >= -(1L << 53) && a <= 1L << 53 ? (float)(double)a : a < 0 ? -U64ToF32((ulong)-a) : U64ToF32((ulong)a);

    [MethodImpl(Inline)] public static float F32ConvertI64U(long a) => U64ToF32((ulong)a);

    [MethodImpl(Inline)]
    public static double F64ConvertI64U(long a) =>
        a >= 0 ? a : (double)(long)(((ulong)a >> 1) | ((ulong)a & 1)) * 2.0;

    /// <summary>
    /// ulong -> float with one rounding: large values are shifted down to 53 bits keeping a sticky
    /// bit, which makes the exact double -> float step round like a direct conversion would.
    /// </summary>
    private static float U64ToF32(ulong a)
    {
        if (a <= 1UL << 53) return (float)(double)(long)a;
        var shift = 0;
        while (a >= 1UL << 53)
        {
            a = (a >> 1) | (a & 1);
            shift++;
        }
        return (float)Math.ScaleB((double)(long)a, shift);
    }
}
