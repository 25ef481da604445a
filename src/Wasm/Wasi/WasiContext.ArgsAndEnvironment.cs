using System.Text;

namespace Selegic.Extensions.Wasm.Wasi;

// args_* and environ_*: a list of NUL-terminated UTF-8 strings, an array of pointers to them.
public sealed partial class WasiContext
{
    private IReadOnlyList<string> EnvironmentStrings =>
        _environmentStrings ??= _config.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToArray();

    private IReadOnlyList<string>? _environmentStrings;

    private static WasiErrno SizesGet(GuestMemory memory, IReadOnlyList<string> strings, uint countPointer, uint bufferSizePointer)
    {
        memory.WriteU32(countPointer, (uint)strings.Count);
        memory.WriteU32(bufferSizePointer, (uint)strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1));
        return WasiErrno.Success;
    }

    private WasiErrno ArgsGet(GuestMemory memory, uint pointers, uint buffer) => WriteStrings(memory, _config.Arguments, pointers, buffer);

    private WasiErrno EnvironGet(GuestMemory memory, uint pointers, uint buffer) => WriteStrings(memory, EnvironmentStrings, pointers, buffer);

    private static WasiErrno WriteStrings(GuestMemory memory, IReadOnlyList<string> strings, uint pointers, uint buffer)
    {
        for (var i = 0; i < strings.Count; i++)
        {
            var length = (uint)Encoding.UTF8.GetByteCount(strings[i]);
            var target = memory.Slice(buffer, length + 1);
            Encoding.UTF8.GetBytes(strings[i], target);
            target[^1] = 0;
            memory.WriteU32(pointers + (uint)i * 4, buffer);
            buffer += length + 1;
        }
        return WasiErrno.Success;
    }
}
