namespace Selegic.Extensions.Platform;

/// <summary>
/// A refusal by the control plane with a stable, machine-readable <see cref="Code"/>
/// (snake_case, see <see cref="PlatformErrorCodes"/>). The HTTP layer maps the code to a status.
/// </summary>
public class PlatformException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>A row that must be unique already exists (the HTTP layer answers 409).</summary>
public sealed class AlreadyExistsException(string code, string message, Exception? inner = null)
    : PlatformException(code, message, inner);

/// <summary>The referenced tenant-scoped entity does not exist for that tenant (404).</summary>
public sealed class NotFoundException(string code, string message)
    : PlatformException(code, message);
