using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Signing;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>A signature ready to send: its text and the key id it names (null for a bare signature).</summary>
public sealed record SignatureText(string Text, string? KeyId);

/// <summary>Signing with a private key file, or taking a signature made earlier.</summary>
public static class Signing
{
    /// <summary>Signs <paramref name="bundle"/> with the PEM private key at <paramref name="privateKeyPath"/>.</summary>
    public static SignatureText Sign(CliEnvironment environment, PackedBundle bundle, string privateKeyPath)
    {
        var path = environment.ResolvePath(privateKeyPath);
        if (!File.Exists(path))
            throw CliException.Usage("signing_key_missing", $"The signing key file '{path}' does not exist.",
                "Create a key pair with `scrm keys generate` and register the public key with `scrm keys add`.");
        var text = BundleSignature.Sign(bundle.Bytes, File.ReadAllText(path));
        return new SignatureText(text, BundleSignature.Parse(text).KeyId);
    }

    /// <summary>--signing-key and --signature are alternatives; neither means unsigned.</summary>
    public static SignatureText? Resolve(CliEnvironment environment, PackedBundle bundle, string? privateKeyPath, string? signature)
    {
        if (privateKeyPath is not null && signature is not null)
            throw CliException.Usage("conflicting_options", "Pass either --signing-key or --signature, not both.");
        if (privateKeyPath is not null) return Sign(environment, bundle, privateKeyPath);
        if (signature is null) return null;

        // --signature names the .sig file `scrm extension sign` wrote, or is the signature text itself.
        var path = environment.ResolvePath(signature);
        var text = File.Exists(path) ? File.ReadAllText(path).Trim() : signature.Trim();
        return new SignatureText(text, BundleSignature.Parse(text).KeyId);
    }
}
