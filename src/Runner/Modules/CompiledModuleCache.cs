using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Sandbox;

namespace Selegic.Extensions.Runner.Modules;

/// <summary>
/// Compiled handlers by content hash. One load per hash: concurrent first calls await the same
/// load (single flight); a failed load is not kept, so the next call tries again. Completed
/// modules are charged <see cref="HandlerModule.EstimatedBytes"/> and the least recently used are
/// evicted past <see cref="ModuleCacheOptions.MaxEstimatedBytes"/>; a module bigger than the whole
/// budget is returned but not kept. A module compiled here is also stored precompiled
/// (<see cref="ModuleCacheOptions.PrecompiledModules"/>), after callers got it. Thread-safe.
/// </summary>
public sealed class CompiledModuleCache
{
    private readonly HandlerModuleLoader _loader;
    private readonly ModuleCacheOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first; only completed entries
    private long _estimatedBytes, _loads, _hits, _evictions, _compiles, _precompiledLoads, _artifactsRejected, _artifactsStored;

    public CompiledModuleCache(IModuleSource source, ModuleCacheOptions? options = null)
        : this(source, SandboxEngine.Shared, options) { }

    /// <param name="componentEngine">compiles and runs wasm-js@1 components; null: <see cref="SandboxEngine.SharedComponents"/>, made on first use</param>
    public CompiledModuleCache(IModuleSource source, SandboxEngine engine, ModuleCacheOptions? options = null, SandboxEngine? componentEngine = null)
    {
        Engine = engine;
        _options = options ?? new ModuleCacheOptions();
        _componentEngine = componentEngine is null ? new Lazy<SandboxEngine>(() => SandboxEngine.SharedComponents) : new Lazy<SandboxEngine>(componentEngine);
        _loader = new HandlerModuleLoader(source, engine, () => _componentEngine.Value, _options);
    }

    /// <summary>The engine the modules are compiled for; executions run on it too.</summary>
    public SandboxEngine Engine { get; }

    /// <summary>The engine wasm-js@1 components are compiled for and run on.</summary>
    public SandboxEngine ComponentEngine => _componentEngine.Value;

    private readonly Lazy<SandboxEngine> _componentEngine;

    public ModuleCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
                return new ModuleCacheStatistics(_recency.Count, _estimatedBytes, _loads, _hits, _evictions,
                    _compiles, _precompiledLoads, _artifactsRejected, Interlocked.Read(ref _artifactsStored));
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
        if (started) _ = Task.Run(() => LoadAndAdmitAsync(entry, reference)); // never throws: failures go to entry.Ready
        var module = await entry.Ready.Task.WaitAsync(cancellationToken);
        return (module, started);
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
            if (loaded.Origin == ModuleOrigin.Compiled) _compiles++;
            else _precompiledLoads++;
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
        if (loaded.Origin == ModuleOrigin.Compiled && _loader.StoresPrecompiled) await StorePrecompiledAsync(module);
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
    }
}

/// <param name="Modules">compiled modules held</param>
/// <param name="EstimatedBytes">their charged size</param>
/// <param name="Loads">fetch-verify-compile runs started (one per cold hash)</param>
/// <param name="Hits">calls answered by an entry already held or being loaded</param>
/// <param name="Evictions">modules dropped to stay within the budget</param>
/// <param name="Compiles">loads that compiled the wasm</param>
/// <param name="PrecompiledLoads">loads that deserialized a stored precompiled module instead</param>
/// <param name="ArtifactsRejected">stored precompiled modules found corrupt, made for another engine, or refused by Wasmtime (then compiled)</param>
/// <param name="ArtifactsStored">precompiled modules written to the store</param>
public sealed record ModuleCacheStatistics(int Modules, long EstimatedBytes, long Loads, long Hits, long Evictions,
    long Compiles = 0, long PrecompiledLoads = 0, long ArtifactsRejected = 0, long ArtifactsStored = 0);
