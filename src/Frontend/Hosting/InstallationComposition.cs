using Microsoft.Extensions.Options;
using Selegic.Extensions.Platform.Changes;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Secrets;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>
/// Wires installations, secrets, tokens and this node's change listeners (the silo pushes changes
/// to them, see src/Grains/Changes). Keys come from configuration (<c>EXTENSION_TOKEN_SECRET</c>,
/// <c>EXTENSION_SECRET_KEYS</c>); on the embedded default, a missing one is generated and kept under
/// {DataDirectory}/keys so a restart keeps tokens and sealed secrets valid (a cluster node refuses to
/// start without both, see <see cref="ServerOptionsValidator"/>).
/// </summary>
public static class InstallationComposition
{
    public const string TokenKeyFile = "keys/token-signing.key";
    public const string SealingKeyFile = "keys/secret-sealing.key";

    public static IServiceCollection AddInstallations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(provider => TokenSigningKeys.Parse(ConfiguredOrPersisted(provider, configuration,
            TokenDefaults.SecretVariable, TokenKeyFile, TokenSigningKeys.GenerateSecretText)));
        services.AddSingleton(provider => new SecretSealer(SecretSealer.ParseKeys(ConfiguredOrPersisted(provider, configuration,
            SecretSealer.ConfigurationVariable, SealingKeyFile, SecretSealer.GenerateKeyText))));

        services.AddSingleton(provider => (IInstallationStore)provider.GetRequiredService<IMetadataStore>());
        services.AddSingleton<InstallationDirectory>();
        services.AddSingleton<IInstallationDirectory>(provider => provider.GetRequiredService<InstallationDirectory>());
        services.AddSingleton<RevocationList>();
        services.AddSingleton<IChangeListener>(provider => provider.GetRequiredService<InstallationDirectory>());
        services.AddSingleton<IChangeListener>(provider => provider.GetRequiredService<RevocationList>());
        services.AddSingleton<ITokenValidator, TokenValidator>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ISecretReader, SecretReader>();
        services.AddSingleton<InstallationService>();
        return services;
    }

    /// <summary>After migration: load keys (bad ones stop start-up) and fill this node's caches before it serves.</summary>
    public static async Task StartInstallationsAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<TokenSigningKeys>();
        _ = services.GetRequiredService<SecretSealer>();
        await services.GetRequiredService<ChangeListeners>().ResyncAsync(cancellationToken);
    }

    private static string ConfiguredOrPersisted(IServiceProvider provider, IConfiguration configuration, string variable, string file, Func<string> generate)
    {
        var configured = configuration[variable];
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var options = provider.GetRequiredService<IOptions<ServerOptions>>().Value;
        return PersistedKeyFile.LoadOrCreate(Path.Combine(options.DataDirectory, file), generate);
    }
}
