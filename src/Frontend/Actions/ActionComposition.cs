using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.BuiltIns;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Actions.Egress;
using Selegic.Extensions.Platform.Actions.HostActions;
using Selegic.Extensions.Platform.Actions.Logs;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Frontend.Actions;

/// <summary>Wires the Action API (src/Platform/Actions) into the container; options from "Extensions:Actions".</summary>
public static class ActionComposition
{
    public static IServiceCollection AddActions(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ActionOptions.SectionName).Get<ActionOptions>() ?? new ActionOptions();
        if (options.Validate() is { Count: > 0 } problems)
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration, string.Join(" ", problems));
        services.AddSingleton(options);
        services.AddSingleton(options.Storage);
        services.AddSingleton(options.Log);
        services.AddSingleton(options.Fetch);
        services.AddSingleton(options.HostActions);

        services.AddSingleton<IActionDataStore>(provider => SqlActionDataStore.For(provider.GetRequiredService<IMetadataStore>()));
        services.AddSingleton<StorageRules>();
        services.AddSingleton<ManifestEgress>();
        services.AddSingleton<IBuiltInAction, StorageGetAction>();
        services.AddSingleton<IBuiltInAction, StoragePutAction>();
        services.AddSingleton<IBuiltInAction, StorageDeleteAction>();
        services.AddSingleton<IBuiltInAction, StorageListAction>();
        services.AddSingleton<IBuiltInAction, SecretsGetAction>();
        services.AddSingleton<IBuiltInAction, LogEmitAction>();
        services.AddSingleton<IBuiltInAction, HttpFetchAction>();

        services.AddSingleton<HostActionForwarder>();
        services.AddSingleton<HostActionRegistry>();
        services.AddSingleton<ActionCatalog>();
        services.AddSingleton(provider => new ActionMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ActionDispatcher>();
        services.AddSingleton<InstallationLogReader>();
        return services;
    }
}
