using System.CommandLine;
using Selegic.Extensions.Cli.Common;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Signing;

namespace Selegic.Extensions.Cli.Keys;

/// <summary>`scrm keys add PUBLIC.pem --tenant T [--name NAME] [--json]`: registers a publisher public key.</summary>
public static class AddKeyCommand
{
    public sealed record Result(bool Ok, string Tenant, string KeyId, string? Name, DateTimeOffset AddedAt);

    public static Command Create(CliEnvironment environment)
    {
        var publicKey = new Argument<string>("public-key") { Description = "The public key PEM file, e.g. publisher.pub.pem from `scrm keys generate`" };
        var name = new Option<string?>("--name") { Description = "A label for the key, e.g. the publisher's name" };
        var connection = new ConnectionOptions();
        var json = CommandRunner.CreateJsonOption();
        var command = new Command("add",
            "Register a publisher public key (ECDSA P-256, PEM) with the tenant, so bundles signed with its private key verify. " +
            ExitCodes.HelpText)
        {
            publicKey, name, json,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellation) => CommandRunner.RunAsync(parseResult, json, async (cli, token) =>
        {
            var target = connection.Resolve(parseResult, environment);
            var path = environment.ResolvePath(parseResult.GetValue(publicKey)!);
            if (!File.Exists(path))
                throw CliException.Usage("public_key_missing", $"The public key file '{path}' does not exist.");
            var key = BundleSignature.ParsePublicKey(File.ReadAllText(path));

            using var client = new ScrmApiClient(target);
            var added = await client.PostJsonAsync<PublisherKeyDto>(
                client.TenantPath("publisher-keys"), new AddPublisherKeyRequest(key.PublicKeyPem, parseResult.GetValue(name)), token);
            cli.Result(new Result(true, target.Tenant, added.KeyId, added.Name, added.AddedAt),
                $"Added publisher key {added.KeyId} to tenant {target.Tenant}");
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }
}
