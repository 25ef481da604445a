namespace Selegic.Extensions.Platform.Actions.HostActions;

/// <summary>Seals host-action signing secrets at rest (AES-256-GCM with the platform's secret keys).</summary>
public interface ISigningSecretSealer
{
    string Seal(string plaintext);
    string Unseal(string sealedValue);
}
