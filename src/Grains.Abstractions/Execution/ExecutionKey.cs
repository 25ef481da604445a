namespace Selegic.Extensions.Grains.Execution;

/// <summary>
/// "exec:{content hash}#{slot}". A client sends all calls to one grain through one gateway, so a call
/// picks one of <see cref="Slots"/> keys at random: one version's executions then spread over every
/// gateway silo. The prefix keeps the key from ever parsing as a hex integer key.
/// </summary>
public static class ExecutionKey
{
    public const int Slots = 16;

    public static string For(string contentHash, int slot) => $"exec:{contentHash}#{slot}";
}
