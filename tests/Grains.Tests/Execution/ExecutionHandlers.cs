using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Grains.Tests.Execution;

/// <summary>The handlers the execution tests run (wasm@1 in the text format) and requests for them.</summary>
internal static class ExecutionHandlers
{
    /// <summary>Logs "hello" at info, answers 200 "ok" (text/plain).</summary>
    public static ModuleReference Greeter { get; } = ExecutionCluster.Modules.Add(WatHandler.Build(
        "(call $log (i32.const 1) (i32.const 200) (i32.const 5)) (call $respond)", extra: """(data (i32.const 200) "hello")"""));

    /// <summary>Answers 200 "spread" (its own module, so a test can count its compiles).</summary>
    public static ModuleReference Spread { get; } = ExecutionCluster.Modules.Add(WatHandler.Build("(call $respond)", response: """{"status":200,"body":"spread"}"""));

    /// <summary>Calls storage.put with {} once, then answers 200 "ok".</summary>
    public static ModuleReference Writer { get; } = ExecutionCluster.Modules.Add(WatHandler.Build(
        "(drop (call $action (i32.const 100) (i32.const 11) (i32.const 111) (i32.const 2))) (call $respond)",
        extra: """(data (i32.const 100) "storage.put{}")"""));

    /// <summary>Never returns: ends at its timeout.</summary>
    public static ModuleReference Spinner { get; } = ExecutionCluster.Modules.Add(WatHandler.Build("(loop $spin (br $spin)) (call $respond)"));

    public static ExecuteRequest Request(ModuleReference module, string method = "GET", string? requestId = null, HandlerLimits? limits = null) => new()
    {
        Module = module,
        Method = method,
        Path = "/trips",
        RequestId = requestId,
        Limits = limits,
        ActionTokenFactory = () => "token-minted-for-" + requestId,
    };
}
