namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// A failure a verb reports to the user: an exit code, a stable machine-readable code, a message,
/// and when known a hint saying what to do about it. Thrown anywhere below a verb's action and
/// rendered once by <see cref="CommandRunner"/>.
/// </summary>
public sealed class CliException(int exitCode, string code, string message, string? hint = null, int? httpStatus = null)
    : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public string Code { get; } = code;
    public string? Hint { get; } = hint;
    public int? HttpStatus { get; } = httpStatus;

    public static CliException Usage(string code, string message, string? hint = null) =>
        new(ExitCodes.Usage, code, message, hint);

    public static CliException Validation(string code, string message, string? hint = null) =>
        new(ExitCodes.Validation, code, message, hint);
}
