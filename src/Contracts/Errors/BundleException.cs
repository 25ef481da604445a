namespace Selegic.Extensions.Contracts.Errors;

/// <summary>
/// A refusal of bad input (bundle, manifest, name, version, checksum, signature) with a stable
/// <see cref="Code"/> from <see cref="ErrorCodes"/>. Input errors are always this type; anything
/// else thrown from Contracts is a bug.
/// </summary>
public sealed class BundleException : Exception
{
    public BundleException(string code, string message, string? field = null)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        Field = field;
    }

    /// <summary>The stable error code (see <see cref="ErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>For manifest errors, the JSON path of the offending field, e.g. <c>api.endpoints[1].path</c>.</summary>
    public string? Field { get; }
}
