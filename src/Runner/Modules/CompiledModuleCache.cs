using System.Collections.Concurrent;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Sandbox;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Compiled handlers by content hash. One load per hash: concurrent first calls await the same
/// load (single flight); a failed load is not kept, so the next call tries again. Completed
/// modules are charged <see cref="HandlerModule.EstimatedBytes"/> and the least recently used are
/// evicted past <see cref="ModuleCacheOptions.MaxEstimatedBytes"/>; a module bigger than the whole
/// budget is returned but not kept. With a baseline engine (<see cref="ModuleCacheOptions.BaselineEngine"/>)
/// a cold module is first compiled quickly by it and then replaced by the optimized module compiled in
/// the background; calls in between run the baseline code. An optimized module compiled here is also
/// stored precompiled (<see cref="ModuleCacheOptions.PrecompiledModules"/>), after callers got it. Thread-safe.
/// </summary>
public sealed class CompiledModuleCache
{
    private readonly HandlerModuleLoader _loader;
    private readonly ModuleCacheOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first; only completed entries
    private readonly ConcurrentDictionary<Task, bool> _running = new(); // loads with their background work
    private long _estimatedBytes, _loads, _hits, _evictions, _compiles, _precompiledLoads, _artifactsRejected, _artifactsStored, _upgrades;

    public CompiledModuleCache(IModuleSource source, ModuleCacheOptions? options = null)
        : this(source, SandboxEngine.Shared, options) { }

    public CompiledModuleCache(IModuleSource source, SandboxEngine engine, ModuleCacheOptions? options = null)
    {
        Engine = engine;
        _options = options ?? new ModuleCacheOptions();
        _loader = new HandlerModuleLoader(source, engine, _options);
    }

    /// <summary>The engine the modules are compiled for (optimized); executions of a module run on the engine that compiled it.</summary>
    public SandboxEngine Engine { get; }

    /// <summary>The baseline engine cold modules are first compiled with, if any (<see cref="ModuleCacheOptions.BaselineEngine"/>).</summary>
    public SandboxEngine? BaselineEngine => _options.BaselineEngine;

    public ModuleCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
                return new ModuleCacheStatistics(_recency.Count, _estimatedBytes, _loads, _hits, _evictions,
                    _compiles, _precompiledLoads, _artifactsRejected, Interlocked.Read(ref _artifactsStored), _upgrades);
        }
    }

    /// <summary>True when the module is compiled and cached (does not count as a use).</summary>
    public bool Contains(string contentHash)
    {
        lock (_gate) return _entries.TryGetValue(contentHash, out var entry) && entry.Node is not null;
    }

    /// <summary>
    /// The compiled module for <paramref name="reference"/>; <c>Loaded</c> is true for the call that
    /// started the load. Throws <see cref="RunnerException"/> with the load's code. Cancelling
    /// stops this caller's wait, not the shared load.
    /// </summary>
    public async Task<(HandlerModule Module, bool Loaded)> GetAsync(ModuleReference reference, CancellationToken cancellationToken)
    {
        var hash = reference.ContentHash;
        if (!ContentHash.IsCanonical(hash))
            throw new RunnerException(RunnerCodes.RequestInvalid, $"'{reference.ContentHash}' is not a content hash (sha256: and 64 lowercase hex digits).");

        Entry entry;
        bool started = false;
        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out var existing))
            {
                entry = existing;
                if (entry.Node is not null)
                {
                    _recency.Remove(entry.Node);
                    _recency.AddFirst(entry.Node);
                }
                _hits++;
            }
            else
            {
                entry = new Entry(hash);
                _entries.Add(hash, entry);
                _loads++;
                started = true;
            }
        }
        if (started) Track(Task.Run(() => LoadAndAdmitAsync(entry, reference))); // never throws: failures go to entry.Ready
        var module = await entry.Ready.Task.WaitAsync(cancellationToken);
        return (entry.Optimized ?? module, started);
    }

    /// <summary>
    /// Completes when every load started so far has finished, with its background work (optimized
    /// compile, artifact store): for a shutdown that should not leave a half-written artifact behind.
    /// </summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Keys);

    private void Track(Task load)
    {
        _running[load] = true;
        load.ContinueWith(done => _running.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task LoadAndAdmitAsync(Entry entry, ModuleReference reference)
    {
        LoadedModule loaded;
        try
        {
            loaded = await _loader.LoadAsync(reference, CancellationToken.None);
        }
        catch (Exception e)
        {
            lock (_gate) _entries.Remove(entry.Hash);
            entry.Ready.SetException(e is RunnerException ? e : new RunnerException(RunnerCodes.ModuleInvalid, $"Loading {entry.Hash} failed: {e.Message}", e));
            return;
        }
        var module = loaded.Module;
        lock (_gate)
        {
            if (loaded.Origin == ModuleOrigin.Precompiled) _precompiledLoads++;
            else _compiles++;
            if (loaded.ArtifactRejected) _artifactsRejected++;
            if (module.EstimatedBytes > _options.MaxEstimatedBytes)
            {
                _entries.Remove(entry.Hash);
            }
            else
            {
                entry.Bytes = module.EstimatedBytes;
                entry.Node = _recency.AddFirst(entry);
                _estimatedBytes += entry.Bytes;
                while (_estimatedBytes > _options.MaxEstimatedBytes && _recency.Last is { } oldest && oldest != entry.Node)
                {
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Hash);
                    _estimatedBytes -= oldest.Value.Bytes;
                    _evictions++;
                }
            }
        }
        entry.Ready.SetResult(module);
        if (loaded.Origin == ModuleOrigin.Baseline && Upgrade(entry, loaded) is { } optimized) module = optimized;
        if (loaded.Origin != ModuleOrigin.Precompiled && module.Engine == Engine && _loader.StoresPrecompiled) await StorePrecompiledAsync(module);
    }

    /// <summary>
    /// Compiles the optimized module for an entry that holds baseline code and puts it in its place
    /// (same content, same charge). Null when the optimizing compile fails: the baseline code stays.
    /// </summary>
    private HandlerModule? Upgrade(Entry entry, LoadedModule baseline)
    {
        HandlerModule optimized;
        try
        {
            optimized = _loader.CompileOptimized(entry.Hash, baseline.Wasm);
        }
        catch (RunnerException)
        {
            return null;
        }
        entry.Optimized = optimized;
        lock (_gate) _upgrades++;
        return optimized;
    }

    private async Task StorePrecompiledAsync(HandlerModule module)
    {
        try
        {
            await _loader.StoreAsync(module);
            Interlocked.Increment(ref _artifactsStored);
        }
        catch (Exception)
        {
            // best effort: another process compiles it too if it is missing
        }
    }

    private sealed class Entry(string hash)
    {
        public readonly string Hash = hash;
        public readonly TaskCompletionSource<HandlerModule> Ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Entry>? Node;
        public long Bytes;
        public volatile HandlerModule? Optimized; // replaces the baseline module Ready holds
    }
}

/// <param name="Modules">compiled modules held</param>
/// <param name="EstimatedBytes">their charged size</param>
/// <param name="Loads">fetch-verify-compile runs started (one per cold hash)</param>
/// <param name="Hits">calls answered by an entry already held or being loaded</param>
/// <param name="Evictions">modules dropped to stay within the budget</param>
/// <param name="Compiles">loads that compiled the wasm (with the baseline engine where it accepted the module)</param>
/// <param name="PrecompiledLoads">loads that deserialized a stored precompiled module instead</param>
/// <param name="ArtifactsRejected">stored precompiled modules found corrupt, made for another engine, or refused by Wasmtime (then compiled)</param>
/// <param name="ArtifactsStored">precompiled modules written to the store</param>
/// <param name="Upgrades">baseline modules replaced by their optimized compile</param>
public sealed record ModuleCacheStatistics(int Modules, long EstimatedBytes, long Loads, long Hits, long Evictions,
    long Compiles = 0, long PrecompiledLoads = 0, long ArtifactsRejected = 0, long ArtifactsStored = 0, long Upgrades = 0);
