using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Selegic.Extensions.Runner.Tests.Infrastructure;

/// <summary>
/// Test double of the Action API (<c>POST /api/actions/{name}</c>, built by another part of the
/// project) on real Kestrel: accepts only the bearer <see cref="ValidToken"/>, answers storage.put
/// with {"stored":key} and anything else with a 403 problem document; records what it received.
/// </summary>
public sealed class ActionApiTestDouble : IAsyncDisposable
{
    public const string ValidToken = "token-for-this-request";

    private readonly WebApplication _app;

    private ActionApiTestDouble(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public ConcurrentQueue<(string Name, string? Authorization, string Body)> Received { get; } = new();

    public static async Task<ActionApiTestDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        ActionApiTestDouble? self = null;
        app.MapPost("/api/actions/{name}", async (string name, HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            self!.Received.Enqueue((name, http.Request.Headers.Authorization.ToString(), body));
            if (http.Request.Headers.Authorization != $"Bearer {ValidToken}")
                return Results.Json(new { title = "Unauthorized", status = 401, code = "token_invalid", detail = "bad token" }, statusCode: 401, contentType: "application/problem+json");
            if (name != "storage.put")
                return Results.Json(new { title = "Forbidden", status = 403, code = "capability_not_granted", detail = $"{name} is not granted" }, statusCode: 403, contentType: "application/problem+json");
            using var input = JsonDocument.Parse(body);
            return Results.Json(new { stored = input.RootElement.GetProperty("key").GetString() });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new ActionApiTestDouble(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
