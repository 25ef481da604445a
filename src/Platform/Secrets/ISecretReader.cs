namespace Selegic.Extensions.Platform.Secrets;

/// <summary>
/// The only way to read a secret in plaintext (for the <c>secrets.get</c> action). No API returns
/// secrets and nothing logs them.
/// </summary>
public interface ISecretReader
{
    /// <summary>The secret's plaintext, or null when the installation (of that tenant) has no secret by that name.</summary>
    ValueTask<string?> ReadAsync(Guid tenantId, Guid installationId, string secretName, CancellationToken cancellationToken);
}
