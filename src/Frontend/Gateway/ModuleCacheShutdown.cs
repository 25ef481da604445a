using Microsoft.Extensions.Hosting;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// On shutdown, lets the module cache finish its background work (optimized compiles, artifact
/// writes) within the host's shutdown timeout, so a stopping node does not drop an artifact it was
/// about to store.
/// </summary>
internal sealed class ModuleCacheShutdown(CompiledModuleCache modules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await modules.WhenIdleAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // shutdown timeout: an unfinished artifact is compiled again by whichever node needs it
        }
    }
}
