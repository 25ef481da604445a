using System.Text;
using Selegic.Extensions.Wasm.Model;
using ValueType = Selegic.Extensions.Wasm.Model.ValueType;
using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Wasi;

// AssemblyScript modules built without the WASI shim import env.abort(message, file, line, column)
// for failed assertions and runtime errors. It is not WASI, but a program runner must provide it:
// it prints the message to stderr and ends the program with exit code 134 (as abort(3) would),
// the same convention as tests/Wasm.Tests/Programs/run-under-node.mjs.
public sealed partial class WasiContext
{
    public const int AbortExitCode = 134;

    public Linker DefineAssemblyScriptAbort(Linker linker) =>
        linker.DefineFunction("env", "abort", new FunctionType([ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32], []),
            (context, args) =>
            {
                var memory = new GuestMemory(context.Memory is { } m ? m.Span : []);
                var message = ReadAssemblyScriptString(memory, (uint)args[0].AsI32());
                var file = ReadAssemblyScriptString(memory, (uint)args[1].AsI32());
                try
                {
                    _stderr.Write(Encoding.UTF8.GetBytes($"abort: {message} at {file}:{args[2].AsI32()}:{args[3].AsI32()}\n"));
                }
                finally
                {
                    _stderr.Flush();
                }
                throw new WasmExitException(AbortExitCode);
            });

    /// <summary>An AssemblyScript string: UTF-16LE code units, byte length in the 4 bytes before it.</summary>
    private static string ReadAssemblyScriptString(GuestMemory memory, uint pointer)
    {
        if (pointer == 0) return "null";
        try
        {
            var length = memory.ReadU32(pointer - 4);
            return Encoding.Unicode.GetString(memory.Slice(pointer, Math.Min(length, 4096)));
        }
        catch (GuestMemoryFault)
        {
            return $"(string at 0x{pointer:x} is outside memory)";
        }
    }
}
