using System.Reflection;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// Float constants the JIT would use to fold arithmetic away: x*1, x/1, x-0, x+(-0) become x,
/// which skips the quieting of a signalling NaN that wasm requires. Generated code loads these
/// from mutable static fields instead of embedding them, so the JIT cannot see their values.
/// </summary>
internal static class OpaqueConstants
{
    // Mutable on purpose (see above); nothing ever writes them.
#pragma warning disable CA2211
    public static float F32PositiveZero = 0f;
    public static float F32NegativeZero = -0f;
    public static float F32One = 1f;
    public static float F32MinusOne = -1f;
    public static double F64PositiveZero = 0d;
    public static double F64NegativeZero = -0d;
    public static double F64One = 1d;
    public static double F64MinusOne = -1d;
#pragma warning restore CA2211

    private static readonly Dictionary<uint, FieldInfo> F32 = new()
    {
        [0x00000000] = Field(nameof(F32PositiveZero)),
        [0x80000000] = Field(nameof(F32NegativeZero)),
        [0x3F800000] = Field(nameof(F32One)),
        [0xBF800000] = Field(nameof(F32MinusOne)),
    };

    private static readonly Dictionary<ulong, FieldInfo> F64 = new()
    {
        [0x0000000000000000] = Field(nameof(F64PositiveZero)),
        [0x8000000000000000] = Field(nameof(F64NegativeZero)),
        [0x3FF0000000000000] = Field(nameof(F64One)),
        [0xBFF0000000000000] = Field(nameof(F64MinusOne)),
    };

    public static FieldInfo? For(uint f32Bits) => F32.GetValueOrDefault(f32Bits);

    public static FieldInfo? For(ulong f64Bits) => F64.GetValueOrDefault(f64Bits);

    private static FieldInfo Field(string name) => typeof(OpaqueConstants).GetField(name)!;
}
