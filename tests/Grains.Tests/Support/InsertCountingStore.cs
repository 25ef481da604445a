using System.Reflection;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Grains.Tests.Support;

/// <summary>
/// The real metadata store behind a pass-through proxy that counts version inserts, so a test can see
/// how many publishes reached the store's unique constraint.
/// </summary>
public sealed class InsertCountingStore
{
    private int _versionInserts;

    public InsertCountingStore(IMetadataStore real)
    {
        var proxy = DispatchProxy.Create<IMetadataStore, CountingProxy>();
        ((CountingProxy)(object)proxy).Attach(real, this);
        Store = proxy;
        Real = real;
    }

    public IMetadataStore Store { get; }

    /// <summary>The store itself, uncounted (it also implements the installation store).</summary>
    public IMetadataStore Real { get; }
    public int VersionInserts => Volatile.Read(ref _versionInserts);

    public class CountingProxy : DispatchProxy
    {
        private IMetadataStore _real = null!;
        private InsertCountingStore _owner = null!;

        internal void Attach(IMetadataStore real, InsertCountingStore owner) => (_real, _owner) = (real, owner);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IMetadataStore.InsertVersionAsync))
                Interlocked.Increment(ref _owner._versionInserts);
            try
            {
                return method.Invoke(_real, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
