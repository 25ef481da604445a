using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Execution;
using Wasmtime.Components;

namespace Selegic.Extensions.Runner.Components;

/// <summary>
/// The imports of world <c>selegic:extension/handler@1.0.0</c> on a component linker: the types
/// interface (no functions), <c>actions.call</c> and <c>log.write</c>, and nothing else; a component
/// importing anything more (WASI included) fails to instantiate with module_link_failed. The
/// functions hold no state: each finds its execution as <see cref="ComponentGuest.Current"/>, so one
/// linker serves every execution.
/// </summary>
internal static class ComponentHost
{
    public static ComponentLinker Define(ComponentLinker linker)
    {
        using var root = linker.Root();
        using (root.AddInstance(ComponentAbi.TypesInterface)) { }
        using (var actions = root.AddInstance(ComponentAbi.ActionsInterface))
            actions.DefineFunction(ComponentAbi.ActionCallFunction, (arguments, results) =>
                results[0] = ActionResultValue(ComponentGuest.Current.CallAction(arguments[0].AsString(), arguments[1].AsString())));
        using (var log = root.AddInstance(ComponentAbi.LogInterface))
            log.DefineFunction(ComponentAbi.LogWriteFunction, (arguments, _) =>
                ComponentGuest.Current.Log(LevelOf(arguments[0].AsEnum()), arguments[1].AsString()));
        return linker;
    }

    /// <summary><c>result&lt;action-output, action-error&gt;</c>.</summary>
    private static ComponentValue ActionResultValue(ActionResult result) => result.Succeeded
        ? ComponentValue.Ok(ComponentValue.Record([
            new("status", ComponentValue.U16((ushort)result.Status)),
            new("output", ComponentValue.String(string.IsNullOrEmpty(result.OutputJson) ? "null" : result.OutputJson)),
        ]))
        : ComponentValue.Err(ComponentValue.Record([
            new("status", ComponentValue.U16((ushort)Math.Clamp(result.Status, 0, ushort.MaxValue))),
            new("code", ComponentValue.String(result.Code ?? "action_failed")),
            new("message", ComponentValue.String(result.Message ?? "")),
        ]));

    private static GuestLogLevel LevelOf(string level) => level switch
    {
        "debug" => GuestLogLevel.Debug,
        "info" => GuestLogLevel.Info,
        "warn" => GuestLogLevel.Warn,
        _ => GuestLogLevel.Error,
    };
}
