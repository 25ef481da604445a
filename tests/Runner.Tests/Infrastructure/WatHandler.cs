using System.Text;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>
/// Hand-written wasm@1 handlers in the text format, for cases no compiler would produce: a bump
/// allocator, a canned response at address 0 (<c>call $respond</c> returns it packed), and the
/// body of scrm_handle given by the test.
/// </summary>
public static class WatHandler
{
    public const string Ok = """{"status":200,"headers":{"content-type":"text/plain"},"body":"ok"}""";

    /// <param name="importsActions">false leaves out the scrm.action_call import (a handler that can never block on an action)</param>
    public static byte[] Build(string handleBody, string response = Ok, string extra = "", string memory = "1", bool importsActions = true)
    {
        var responseBytes = Encoding.UTF8.GetByteCount(response);
        var wat = $$"""
            (module
              (import "scrm" "log" (func $log (param i32 i32 i32)))
              {{(importsActions ? """(import "scrm" "action_call" (func $action (param i32 i32 i32 i32) (result i64)))""" : "")}}
              (memory (export "memory") {{memory}})
              (global $next (mut i32) (i32.const 8192))
              (data (i32.const 0) "{{Escape(response)}}")
              (func $respond (result i64) (i64.const {{responseBytes}}))
              (func (export "scrm_alloc") (param $size i32) (result i32)
                (local $p i32)
                (local.set $p (global.get $next))
                (if (i32.gt_u (i32.add (local.get $p) (local.get $size)) (i32.mul (memory.size) (i32.const 65536)))
                  (then (drop (memory.grow (i32.add (i32.shr_u (local.get $size) (i32.const 16)) (i32.const 1))))))
                (global.set $next (i32.add (local.get $p) (local.get $size)))
                (local.get $p))
              {{extra}}
              (func (export "scrm_handle") (param $request i32) (param $length i32) (result i64)
                {{handleBody}})
            )
            """;
        return HandlerCompilers.Wat(wat);
    }

    /// <summary>A WAT string literal's contents: quotes, backslashes and non-ASCII as \hh escapes.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
            builder.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\{b:x2}");
        return builder.ToString();
    }
}
