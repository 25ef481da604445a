using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Selegic.Extensions.Platform.Actions.HostActions;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>
/// A real Kestrel server on 127.0.0.1 standing in for the outside world (no traffic may leave the
/// machine here): the target of http.fetch through the test-only loopback allowance, and the CRM
/// backend's host-action callback, which verifies the HMAC signature like a real receiver would.
/// </summary>
public sealed class LoopbackTestServer : IAsyncDisposable
{
    public const string CallbackSecret = "crm-callback-signing-secret-0123456789abcdef";

    private readonly WebApplication _app;

    private LoopbackTestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Bodies of callback requests whose signature verified, in arrival order.</summary>
    public ConcurrentQueue<string> VerifiedCallbacks { get; } = new();

    /// <summary>Callback requests whose signature did not verify.</summary>
    public ConcurrentQueue<string> RejectedCallbacks { get; } = new();

    /// <summary>Every request path that reached the server (to prove refused calls never arrived).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<LoopbackTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LoopbackTestServer? self = null;
        app.Use(async (context, next) =>
        {
            self!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            await next(context);
        });

        app.MapGet("/hello", () => Results.Text("hello from the test server", "text/plain"));
        app.MapPost("/echo", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new { method = request.Method, body, header = request.Headers["X-Test"].ToString() });
        });
        app.MapGet("/big", () => Results.Bytes(new byte[200_000], "application/octet-stream"));
        app.MapGet("/slow", async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return Results.Text("too late");
        });
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/loop", () => Results.Redirect("/loop"));

        app.MapPost("/crm/callback", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var ok = HostActionSignature.Verify(CallbackSecret, request.Headers[HostActionSignature.TimestampHeader].ToString(),
                request.Headers[HostActionSignature.SignatureHeader].ToString(), body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            var text = Encoding.UTF8.GetString(body);
            if (!ok)
            {
                self!.RejectedCallbacks.Enqueue(text);
                return Results.Json(new { error = "bad signature" }, statusCode: 401);
            }
            self!.VerifiedCallbacks.Enqueue(text);
            return Results.Json(new { record = new { id = "r-1", name = "Ada" }, signed = true });
        });
        app.MapPost("/crm/slow", async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return Results.Ok();
        });
        app.MapPost("/crm/fail", () => Results.StatusCode(500));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new LoopbackTestServer(app, new Uri(address).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
