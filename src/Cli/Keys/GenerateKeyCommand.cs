using System.CommandLine;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Signing;

namespace Selegic.Extensions.Cli.Keys;

/// <summary>`scrm keys generate [--private-key FILE] [--public-key FILE] [--force] [--json]`: a new ECDSA P-256 key pair.</summary>
public static class GenerateKeyCommand
{
    public const string DefaultPrivateKeyFile = "publisher.key.pem";
    public const string DefaultPublicKeyFile = "publisher.pub.pem";

    public sealed record Result(bool Ok, string KeyId, string PrivateKeyPath, string PublicKeyPath);

    public static Command Create(CliEnvironment environment)
    {
        var privateKey = new Option<string>("--private-key")
        {
            Description = $"Where to write the private key, PKCS#8 PEM, readable by you only (default: {DefaultPrivateKeyFile})",
            DefaultValueFactory = _ => DefaultPrivateKeyFile,
        };
        var publicKey = new Option<string>("--public-key")
        {
            Description = $"Where to write the public key, SPKI PEM, for `scrm keys add` (default: {DefaultPublicKeyFile})",
            DefaultValueFactory = _ => DefaultPublicKeyFile,
        };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("generate", "Generate an ECDSA P-256 publisher key pair. " + ExitCodes.HelpText)
        {
            privateKey, publicKey, force, json,
        };
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, (cli, _) =>
        {
            var privatePath = environment.ResolvePath(parseResult.GetValue(privateKey)!);
            var publicPath = environment.ResolvePath(parseResult.GetValue(publicKey)!);
            if (privatePath == publicPath)
                throw CliException.Usage("conflicting_options", "--private-key and --public-key name the same file.");
            if (!parseResult.GetValue(force))
            {
                foreach (var path in new[] { privatePath, publicPath }.Where(File.Exists))
                    throw CliException.Usage("file_exists", $"'{path}' exists; pass --force to overwrite it.");
            }

            var pair = BundleSignature.GenerateKeyPair();
            WritePrivate(privatePath, pair.PrivateKeyPem);
            File.WriteAllText(publicPath, pair.PublicKeyPem + "\n");

            cli.Result(new Result(true, pair.KeyId, privatePath, publicPath),
                $"Generated publisher key {pair.KeyId}",
                $"  private key: {privatePath} (keep it secret)",
                $"  public key:  {publicPath} (register it: scrm keys add {publicPath} --tenant TENANT)");
            return Task.FromResult(ExitCodes.Success);
        }, cancellation));
        return command;
    }

    /// <summary>Creates the file with mode 0600 before any secret byte is written to it.</summary>
    private static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem + "\n");
    }
}
