using Orleans.Runtime.Services;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>Addresses the <see cref="IChangeRelay"/> of one given silo.</summary>
public sealed class ChangeRelayClient(IServiceProvider services) : GrainServiceClient<IChangeRelay>(services)
{
    public IChangeRelay On(SiloAddress silo) => GetGrainService(silo);
}
