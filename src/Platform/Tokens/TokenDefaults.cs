namespace Selegic.Extensions.Platform.Tokens;

/// <summary>The fixed shape of extension tokens.</summary>
public static class TokenDefaults
{
    /// <summary>Configuration variable holding the HMAC-SHA256 signing secrets: <c>kid:secret[,kid:secret...]</c>, current first.</summary>
    public const string SecretVariable = "EXTENSION_TOKEN_SECRET";
    public const string SecretRequirement = "a token secret is at least 32 bytes of UTF-8 text (e.g. openssl rand -base64 48)";
    public const int MinSecretBytes = 32;

    public const string Issuer = "selegic-extensions";
    /// <summary>The <c>aud</c> of every extension token: the Action API.</summary>
    public const string Audience = "selegic-extensions/action-api";

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(15);
    /// <summary>Tolerated clock difference between nodes when checking exp.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    public const int MaxUserLength = 128;
    public const int MaxJtiLength = 128;
    /// <summary>Longer bearer values are refused without parsing.</summary>
    public const int MaxTokenLength = 8 * 1024;
}
