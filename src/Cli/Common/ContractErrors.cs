using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Cli.Common;

public static class ContractErrors
{
    /// <summary>A local refusal by the shared Contracts code: exit 3 with the same code the server would send.</summary>
    public static CliException ToCli(this BundleException e) =>
        CliException.Validation(e.Code, e.Field is null ? e.Message : $"{e.Message} (field: {e.Field})", ServerErrorHints.For(e.Code));
}
