using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Runner.Remote;

/// <summary>
/// Authenticates Frontend -> Runner calls with a shared secret, without sending it: the header
/// <c>X-Scrm-Runner-Auth: v1,t=&lt;unix seconds&gt;,sig=&lt;base64 HMAC-SHA256&gt;</c> signs
/// "v1\n{t}\n{METHOD}\n{path}\n{hex sha256(body)}". A signature older or newer than
/// <see cref="MaxClockSkew"/> is refused, which bounds replays. The verifier accepts several
/// secrets so the secret can rotate without downtime; the signer uses the first.
/// </summary>
public sealed class RunnerRequestSignature
{
    public const string HeaderName = "X-Scrm-Runner-Auth";
    public const int MinSecretBytes = 32;
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[][] _secrets;
    private readonly TimeProvider _time;

    public RunnerRequestSignature(IEnumerable<string> secrets, TimeProvider? time = null)
    {
        _secrets = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(Encoding.UTF8.GetBytes).ToArray();
        if (_secrets.Length == 0 || _secrets.Any(s => s.Length < MinSecretBytes))
            throw new ArgumentException($"A Runner shared secret is required and each must be at least {MinSecretBytes} bytes.", nameof(secrets));
        _time = time ?? TimeProvider.System;
    }

    public string Sign(string method, string path, ReadOnlySpan<byte> body)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        return $"v1,t={timestamp},sig={Convert.ToBase64String(Mac(_secrets[0], timestamp, method, path, body))}";
    }

    /// <summary>True when <paramref name="header"/> is a fresh signature of this request under one of the secrets.</summary>
    public bool Verify(string? header, string method, string path, ReadOnlySpan<byte> body)
    {
        if (header is null) return false;
        var parts = header.Split(',');
        if (parts.Length != 3 || parts[0] != "v1" || !parts[1].StartsWith("t=", StringComparison.Ordinal) || !parts[2].StartsWith("sig=", StringComparison.Ordinal))
            return false;
        if (!long.TryParse(parts[1].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return false;
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, 253402300799));
        if (age.Duration() > MaxClockSkew) return false;
        byte[] presented;
        try { presented = Convert.FromBase64String(parts[2][4..]); }
        catch (FormatException) { return false; }
        foreach (var secret in _secrets)
            if (CryptographicOperations.FixedTimeEquals(presented, Mac(secret, timestamp, method, path, body)))
                return true;
        return false;
    }

    private static byte[] Mac(byte[] secret, long timestamp, string method, string path, ReadOnlySpan<byte> body)
    {
        var text = $"v1\n{timestamp}\n{method.ToUpperInvariant()}\n{path}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        return HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(text));
    }
}
