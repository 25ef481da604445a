namespace Selegic.Extensions.Runner.Abi;

/// <summary>
/// Codes the Runner itself answers an action call with (inside the guest's result envelope, not as
/// a trap); every other code comes from the Action API dispatcher.
/// </summary>
public static class GuestActionCodes
{
    public const string NameInvalid = "action_name_invalid";
    public const string InputInvalid = "action_input_invalid";
    public const string InputTooLarge = "action_input_too_large";
    public const string CallLimit = "action_call_limit";
    public const string Unavailable = "action_unavailable";
    public const string OutputInvalid = "action_output_invalid";
}
