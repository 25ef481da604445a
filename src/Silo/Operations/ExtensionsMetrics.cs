using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Selegic.Extensions.Silo.Operations;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (OpenTelemetry's Prometheus exporter), shared
/// by the Frontend and the headless silo: the product's meters (<c>Selegic.Extensions.*</c>),
/// Orleans' (<c>Microsoft.Orleans</c>), ASP.NET Core's and the .NET runtime's. Who may scrape:
/// <see cref="MetricsAccess"/> (docs/operations.md, "Metrics").
/// </summary>
public static class ExtensionsMetrics
{
    public const string Route = "/metrics";
    /// <summary>Every product meter is named Selegic.Extensions.{Area}.</summary>
    public const string ProductMeters = "Selegic.Extensions.*";
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddExtensionsMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MetricsAccess.From(configuration));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ProductMeters, OrleansMeter)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Maps <see cref="Route"/> behind <see cref="MetricsAccess"/>; <paramref name="isAdmin"/> tells
    /// whether a presented bearer value is the platform admin key (null where there is none: the silo).
    /// </summary>
    public static void MapExtensionsMetrics(this WebApplication app, Func<HttpContext, string, Task<bool>>? isAdmin = null)
    {
        var access = app.Services.GetRequiredService<MetricsAccess>();
        app.UseWhen(context => context.Request.Path.Equals(Route, StringComparison.OrdinalIgnoreCase), gate => gate.Use(async (context, next) =>
        {
            if (await access.AllowsAsync(context, isAdmin))
                await next(context);
            else
                await MetricsAccess.RefuseAsync(context, isAdmin is not null);
        }));
        app.MapPrometheusScrapingEndpoint(Route);
    }
}

/// <summary>
/// Who may read <c>/metrics</c>: a request with <c>Authorization: Bearer</c> the scrape token
/// (<see cref="Variable"/>, optional), or the platform admin key where the host has one (the Frontend).
/// Without a scrape token the headless silo, which has no admin key, answers everyone: it listens on
/// loopback unless told otherwise, and in Kubernetes the manifests set the token.
/// </summary>
public sealed class MetricsAccess
{
    public const string Variable = "EXTENSIONS_METRICS_TOKEN";
    public const int MinimumLength = 24;
    private readonly byte[]? _token;

    private MetricsAccess(string? token) => _token = token is null ? null : Encoding.UTF8.GetBytes(token);

    public bool HasToken => _token is not null;

    /// <summary>The scrape token from configuration; a bad one throws <see cref="OptionsValidationException"/> naming the setting.</summary>
    public static MetricsAccess From(IConfiguration configuration)
    {
        var token = configuration[Variable];
        if (string.IsNullOrEmpty(token))
            return new MetricsAccess(null);
        if (token.Length < MinimumLength || token.Any(char.IsWhiteSpace) || token.Contains('.'))
            throw new OptionsValidationException(Variable, typeof(MetricsAccess),
                [$"{Variable} must be at least {MinimumLength} characters with no whitespace and no dots."]);
        return new MetricsAccess(token);
    }

    public async Task<bool> AllowsAsync(HttpContext context, Func<HttpContext, string, Task<bool>>? isAdmin)
    {
        string? header = context.Request.Headers.Authorization;
        var presented = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (presented is null)
            return _token is null && isAdmin is null;
        if (_token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token))
            return true;
        if (isAdmin is not null)
            return await isAdmin(context, presented);
        return _token is null;
    }

    public static async Task RefuseAsync(HttpContext context, bool acceptsAdminKey)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var detail = acceptsAdminKey
            ? $"/metrics needs 'Authorization: Bearer' with the platform admin key or {Variable}."
            : $"/metrics needs 'Authorization: Bearer' with {Variable}.";
        await context.Response.WriteAsJsonAsync(new { type = "about:blank", title = "Unauthorized", status = 401, detail, code = "unauthorized" },
            options: null, contentType: "application/problem+json");
    }
}
