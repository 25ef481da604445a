using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Grains.Execution;

/// <summary>The Runner's <see cref="ExecuteRequest"/> and <see cref="ExecuteResponse"/> to and from their wire form.</summary>
internal static class ExecutionMessages
{
    /// <summary>Mints the action token now if the request only carries a factory: the silo cannot call back.</summary>
    public static ExecutionCall ToMessage(ExecuteRequest r) => new(r.Module.ContentHash, r.Module.StorageScope, r.Method, r.Path, r.Query,
        new Dictionary<string, string>(r.RouteParameters), new Dictionary<string, string>(r.Headers), r.Body,
        r.Config?.GetRawText(), r.User?.GetRawText(),
        r.Installation is { } i ? new ExecutionInstallation(i.Id, i.Tenant, i.Extension, i.Version) : null,
        r.ResolveActionToken(),
        r.Limits is { } l ? new ExecutionLimits(l.TimeoutMilliseconds, l.Fuel, l.MemoryBytes, l.MaxRequestBytes, l.MaxResponseBytes) : null,
        r.Action, r.RequestId);

    public static ExecuteRequest ToRequest(ExecutionCall c) => new()
    {
        Module = new ModuleReference(c.ContentHash, c.StorageScope),
        Method = c.Method,
        Path = c.Path,
        Query = c.Query,
        RouteParameters = c.RouteParameters,
        Headers = c.Headers,
        Body = c.Body,
        Config = c.ConfigJson is null ? null : JsonElement.Parse(c.ConfigJson),
        User = c.UserJson is null ? null : JsonElement.Parse(c.UserJson),
        Installation = c.Installation is { } i ? new InstallationInfo(i.Id, i.Tenant, i.Extension, i.Version) : null,
        ActionToken = c.ActionToken,
        Limits = c.Limits is { } l ? new HandlerLimits
        {
            TimeoutMilliseconds = l.TimeoutMilliseconds, Fuel = l.Fuel, MemoryBytes = l.MemoryBytes,
            MaxRequestBytes = l.MaxRequestBytes, MaxResponseBytes = l.MaxResponseBytes,
        } : null,
        Action = c.Action,
        RequestId = c.RequestId,
    };

    /// <param name="runner">the silo that ran it, reported as <see cref="ExecutionStatistics.Runner"/></param>
    public static ExecutionOutcome ToMessage(ExecuteResponse r, string runner) => new(r.Code, r.Message, r.Status,
        new Dictionary<string, string>(r.Headers), r.Body,
        r.Logs.Select(line => new ExecutionLogLine((int)line.Level, line.Message)).ToList(),
        r.Statistics.CompiledModule, r.Statistics.FuelConsumed, r.Statistics.ActionCalls, r.Statistics.ElapsedMilliseconds, runner);

    public static ExecuteResponse ToResponse(ExecutionOutcome o) => new()
    {
        Code = o.Code,
        Message = o.Message,
        Status = o.Status,
        Headers = o.Headers,
        Body = o.Body,
        Logs = o.Logs.Select(line => new GuestLogEntry((GuestLogLevel)line.Level, line.Message)).ToList(),
        Statistics = new ExecutionStatistics
        {
            CompiledModule = o.CompiledModule, FuelConsumed = o.FuelConsumed, ActionCalls = o.ActionCalls,
            ElapsedMilliseconds = o.ElapsedMilliseconds, Runner = o.Runner,
        },
    };
}
