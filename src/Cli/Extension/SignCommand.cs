using System.CommandLine;
using Selegic.Extensions.Cli.Common;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>`scrm extension sign BUNDLE --signing-key KEY.pem [--out FILE] [--json]`: writes the signature next to the bundle.</summary>
public static class SignCommand
{
    public sealed record Result(bool Ok, string Bundle, string ContentHash, string SignaturePath, string Signature, string? KeyId);

    public static Command Create(CliEnvironment environment)
    {
        var bundleFile = new Argument<string>("bundle") { Description = "The .tar.gz to sign (e.g. the output of `scrm extension pack`)" };
        var signingKey = new Option<string>("--signing-key", "--key")
        {
            Description = "ECDSA P-256 private key (PEM), e.g. from `scrm keys generate`",
            Required = true,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the signature (default: BUNDLE.sig)" };
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("sign",
            "Sign a bundle: ECDSA P-256 over the SHA-256 of its bytes. Writes the signature text '<keyId>:<base64>' to BUNDLE.sig; " +
            "publish it with `scrm extension publish --bundle BUNDLE --signature BUNDLE.sig`. " + ExitCodes.HelpText)
        {
            bundleFile, signingKey, output, json,
        };
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, (cli, _) =>
        {
            var bundlePath = environment.ResolvePath(parseResult.GetValue(bundleFile)!);
            var bundle = BundleBuilder.Load(bundlePath);
            var signature = Signing.Sign(environment, bundle, parseResult.GetValue(signingKey)!);
            var path = parseResult.GetValue(output) is { } given ? environment.ResolvePath(given) : bundlePath + ".sig";
            File.WriteAllText(path, signature.Text + "\n");

            cli.Result(new Result(true, bundlePath, bundle.ContentHash, path, signature.Text, signature.KeyId),
                $"Signed {bundle.Slug} {bundle.Version} with key {signature.KeyId}",
                $"  signature: {path}");
            return Task.FromResult(ExitCodes.Success);
        }, cancellation));
        return command;
    }
}
