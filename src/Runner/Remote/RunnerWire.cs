using System.Text.Json;
using Selegic.Extensions.Contracts.Api;

namespace Selegic.Extensions.Runner.Remote;

/// <summary>The HTTP protocol between Frontend and Runner service (docs/guest-abi.md, "Runner service").</summary>
public static class RunnerWire
{
    public const string ExecutePath = "/v1/execute";

    /// <summary>Largest execute request the service reads (a body at the maximum request limit, base64, plus headers).</summary>
    public const long MaxExecuteRequestBytes = 48L * 1024 * 1024;

    /// <summary>ExecuteRequest and ExecuteResponse travel as JSON in the REST API's conventions (bodies base64).</summary>
    public static JsonSerializerOptions Json => ApiJson.Options;
}
