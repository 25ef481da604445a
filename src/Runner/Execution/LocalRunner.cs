using System.Text.Json;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Actions;
using Selegic.Extensions.Runner.Modules;
using Wasmtime;

namespace Selegic.Extensions.Runner.Execution;

public sealed class LocalRunnerOptions
{
    /// <summary>Executions running at once, each on its own dedicated thread; more wait in a queue.</summary>
    public int MaxConcurrentExecutions { get; init; } = 64;

    /// <summary>Stack of each execution thread; the engine's wasm stack cap (<see cref="Sandbox.SandboxEngineOptions.MaxWasmStackBytes"/>) keeps guests well inside it.</summary>
    public int ThreadStackBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Executions that may run at once on the caller's own thread instead of a dedicated one; 0
    /// turns this off. Only handlers that cannot block (no <c>scrm.action_call</c> import) and
    /// typically finish within <see cref="InlineThreshold"/> qualify.
    /// </summary>
    public int MaxInlineExecutions { get; init; } = Environment.ProcessorCount;

    public TimeSpan InlineThreshold { get; init; } = TimeSpan.FromMilliseconds(1);

    public RunnerLimitPolicy LimitPolicy { get; init; } = RunnerLimitPolicy.Platform;
}

/// <summary>
/// Runs handlers in this process: module cache, then a fresh instance per request.
/// Where it runs: a handler that may call actions blocks its thread while it waits for one, and a
/// slow one holds its thread for long, so those run on a set of dedicated threads and never on the
/// thread pool (see <see cref="ExecutionThreads"/>). A handler that can do neither (no action import,
/// typically done within <see cref="LocalRunnerOptions.InlineThreshold"/>) runs on the caller's
/// thread, up to <see cref="LocalRunnerOptions.MaxInlineExecutions"/> at once: handing it to another
/// thread and back would cost more than running it.
/// A caller's cancellation ends its wait and pending action calls; wasm already running stops at
/// its own epoch deadline at the latest.
/// </summary>
public sealed class LocalRunner : IRunner
{
    private const int MaxMethodLength = 16;
    private const int MaxPathLength = 4096;

    private readonly CompiledModuleCache _modules;
    private readonly IActionInvoker _actions;
    private readonly LocalRunnerOptions _options;
    private readonly ExecutionThreads _threads;
    private readonly Linker _host;
    private readonly Linker? _baselineHost;
    private int _inlineExecutions;
    private long _inlineTotal, _dedicatedTotal;

    public LocalRunner(CompiledModuleCache modules, IActionInvoker actions, LocalRunnerOptions? options = null)
    {
        _modules = modules;
        _actions = actions;
        _options = options ?? new LocalRunnerOptions();
        _threads = new ExecutionThreads(_options.MaxConcurrentExecutions, _options.ThreadStackBytes);
        _host = GuestHost.Define(new Linker(modules.Engine.Engine));
        if (modules.BaselineEngine is { } baseline) _baselineHost = GuestHost.Define(new Linker(baseline.Engine));
    }

    public LocalRunner(IModuleSource source, IActionInvoker actions, ModuleCacheOptions? cacheOptions = null, LocalRunnerOptions? options = null)
        : this(new CompiledModuleCache(source, cacheOptions), actions, options) { }

    public CompiledModuleCache Modules => _modules;

    /// <summary>Executions so far that ran on the caller's thread, and on a dedicated one.</summary>
    public (long Inline, long Dedicated) Placements => (Interlocked.Read(ref _inlineTotal), Interlocked.Read(ref _dedicatedTotal));

    public async Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EffectiveLimits limits;
        byte[] envelope;
        try
        {
            limits = _options.LimitPolicy.Resolve(request.Limits);
            envelope = PrepareEnvelope(request, limits);
        }
        catch (RunnerException e)
        {
            return ExecuteResponse.Failure(e.Code, e.Message);
        }

        HandlerModule module;
        bool compiledNow;
        try
        {
            (module, compiledNow) = await _modules.GetAsync(request.Module, cancellationToken);
        }
        catch (RunnerException e)
        {
            return ExecuteResponse.Failure(e.Code, e.Message);
        }

        var execution = new HandlerExecution(request, envelope, limits, _actions, cancellationToken);
        ExecuteResponse response;
        if (TryEnterInline(module))
        {
            Interlocked.Increment(ref _inlineTotal);
            try
            {
                response = execution.Run(module, HostFor(module), compiledNow);
            }
            finally
            {
                Interlocked.Decrement(ref _inlineExecutions);
            }
        }
        else
        {
            Interlocked.Increment(ref _dedicatedTotal);
            response = await _threads.Run(() => execution.Run(module, HostFor(module), compiledNow), cancellationToken).WaitAsync(cancellationToken);
        }
        module.Observe(TimeSpan.FromMilliseconds(response.Statistics.ElapsedMilliseconds), _options.InlineThreshold);
        return response;
    }

    /// <summary>The host functions defined for the engine that compiled <paramref name="module"/>.</summary>
    private Linker HostFor(HandlerModule module) => module.Engine == _modules.Engine ? _host : _baselineHost!;

    private bool TryEnterInline(HandlerModule module)
    {
        if (module.ImportsActionCall || module.TypicalDuration > _options.InlineThreshold)
            return false;
        if (Interlocked.Increment(ref _inlineExecutions) <= _options.MaxInlineExecutions)
            return true;
        Interlocked.Decrement(ref _inlineExecutions);
        return false;
    }

    /// <summary>Checks the request (<see cref="RunnerCodes.RequestInvalid"/>, <see cref="RunnerCodes.RequestTooLarge"/>) and writes the guest's envelope.</summary>
    private static byte[] PrepareEnvelope(ExecuteRequest request, EffectiveLimits limits)
    {
        if (request.Module is null || string.IsNullOrEmpty(request.Module.ContentHash))
            throw Invalid("module.contentHash is required");
        if (string.IsNullOrEmpty(request.Method) || request.Method.Length > MaxMethodLength || !request.Method.All(char.IsAsciiLetterUpper))
            throw Invalid("method must be an upper-case HTTP method such as GET");
        if (string.IsNullOrEmpty(request.Path) || request.Path[0] != '/' || request.Path.Length > MaxPathLength || request.Path.Any(char.IsControl))
            throw Invalid($"path must start with '/', have no control characters and at most {MaxPathLength} characters");
        if ((request.Query ?? "").Any(char.IsControl))
            throw Invalid("query must not contain control characters");
        if (request.Config is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            throw Invalid("config must be a JSON object or null");
        if (request.User is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            throw Invalid("user must be a JSON object or null");
        if ((request.Body ?? []).Length > limits.MaxRequestBytes)
            throw new RunnerException(RunnerCodes.RequestTooLarge, $"The request body is {request.Body!.Length} bytes; the limit is {limits.MaxRequestBytes}.");
        var envelope = RequestEnvelope.Write(request with
        {
            Query = request.Query ?? "",
            Body = request.Body ?? [],
            Headers = request.Headers ?? new Dictionary<string, string>(),
            RouteParameters = request.RouteParameters ?? new Dictionary<string, string>(),
        });
        // Headers, config and user count too, with room for JSON escaping of the body.
        if (envelope.Length > (long)limits.MaxRequestBytes * 2 + 64 * 1024)
            throw new RunnerException(RunnerCodes.RequestTooLarge, $"The request (headers, config, user and body) is {envelope.Length} bytes as JSON, over the limit.");
        return envelope;
    }

    private static RunnerException Invalid(string what) => new(RunnerCodes.RequestInvalid, $"Invalid execute request: {what}.");

}
