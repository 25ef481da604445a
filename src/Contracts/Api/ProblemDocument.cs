using System.Text.Json.Serialization;

namespace Selegic.Extensions.Contracts.Api;

/// <summary>
/// RFC 9457 problem document (<see cref="ContentType"/>) as every error answer carries it, with the
/// extension members <see cref="Code"/> (always, a value of <c>Errors.ErrorCodes</c>) and
/// <see cref="Field"/> (manifest errors: the JSON path of the offending field).
/// </summary>
public sealed record ProblemDocument
{
    public const string ContentType = "application/problem+json";

    public string Type { get; init; } = "about:blank";
    public required string Title { get; init; }
    public required int Status { get; init; }
    public string? Detail { get; init; }
    public string? Instance { get; init; }
    public required string Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }
}
