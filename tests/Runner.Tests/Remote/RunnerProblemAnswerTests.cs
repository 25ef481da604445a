using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Remote;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Remote;

/// <summary>
/// What the client makes of a Runner's refusal body: a problem document's string code is passed on;
/// anything else (a non-string code, not JSON) is runner_internal_error, never an exception.
/// The "Runner" here is a test double on Kestrel answering a fixed body.
/// </summary>
public sealed class RunnerProblemAnswerTests
{
    [Theory]
    [InlineData("""{"code":"module_not_found","detail":"gone"}""", RunnerCodes.ModuleNotFound)]
    [InlineData("""{"code":42}""", RunnerCodes.RunnerInternalError)]
    [InlineData("""["code"]""", RunnerCodes.RunnerInternalError)]
    [InlineData("not json", RunnerCodes.RunnerInternalError)]
    public async Task A_refusal_body_becomes_its_code_or_runner_internal_error(string body, string expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var runner = builder.Build();
        runner.MapPost(RunnerWire.ExecutePath, () => Results.Text(body, "application/problem+json", statusCode: 400));
        await runner.StartAsync();
        var address = new Uri(runner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");

        using var client = new HttpRunnerClient(new HttpRunnerClientOptions { Runners = [address], SharedSecrets = [RunningRunnerService.Secret] });
        var response = await client.ExecuteAsync(Requests.Get(new ModuleReference("sha256:" + new string('a', 64), "blob")));

        Assert.Equal(expected, response.Code);
    }
}
