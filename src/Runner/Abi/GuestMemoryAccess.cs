using Selegic.Extensions.Runner.Execution;
using Wasmtime;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>Every pointer and length a guest hands the host is checked here against its memory's current size.</summary>
internal static class GuestMemoryAccess
{
    /// <summary>The guest's bytes [pointer, pointer+length), or <see cref="RunnerCodes.HandlerAbiError"/> naming <paramref name="what"/>.</summary>
    public static ReadOnlySpan<byte> Read(Memory? memory, int pointer, int length, string what) =>
        Span(memory, pointer, length, what);

    public static void Write(Memory? memory, int pointer, ReadOnlySpan<byte> bytes, string what) =>
        bytes.CopyTo(Span(memory, pointer, bytes.Length, what));

    /// <summary>Splits a packed (pointer &lt;&lt; 32 | length) result.</summary>
    public static (int Pointer, int Length) Unpack(long packed) => ((int)(packed >>> 32), (int)(packed & 0xffff_ffff));

    public static long Pack(int pointer, int length) => ((long)(uint)pointer << 32) | (uint)length;

    private static Span<byte> Span(Memory? memory, int pointer, int length, string what)
    {
        if (memory is null)
            throw AbiError($"{what}: the module has no linear memory");
        var size = (ulong)memory.GetLength();
        // Pointers and lengths are u32 in wasm; reinterpret so a "negative" i32 is a large address, not a wrap-around.
        if ((ulong)(uint)pointer + (uint)length > size)
            throw AbiError($"{what}: bytes [0x{(uint)pointer:x}, +{(uint)length}) are outside the guest's memory ({size} bytes)");
        return memory.GetSpan((uint)pointer, (int)(uint)length);
    }

    public static RunnerException AbiError(string message) => new(RunnerCodes.HandlerAbiError, message);
}
