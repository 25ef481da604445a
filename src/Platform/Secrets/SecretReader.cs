using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Secrets;

/// <summary>Opens an installation's sealed secret on demand; plaintext is never cached.</summary>
public sealed class SecretReader(IInstallationDirectory directory, SecretSealer sealer) : ISecretReader
{
    public async ValueTask<string?> ReadAsync(Guid tenantId, Guid installationId, string secretName, CancellationToken cancellationToken)
    {
        var installation = await directory.FindAsync(tenantId, installationId, cancellationToken);
        if (installation is null || !installation.SealedSecrets.TryGetValue(secretName, out var sealedValue))
            return null;
        return sealer.Open(sealedValue, new SecretContext(tenantId, installationId, secretName));
    }
}
