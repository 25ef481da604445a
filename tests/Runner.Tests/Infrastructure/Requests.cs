using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

public static class Requests
{
    public static ExecuteRequest Get(ModuleReference module, string path = "/", HandlerLimits? limits = null) => new()
    {
        Module = module,
        Method = "GET",
        Path = path,
        ActionToken = "token-for-this-request",
        RequestId = "req-1",
        Limits = limits,
    };
}
