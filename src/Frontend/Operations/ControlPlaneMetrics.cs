using System.Diagnostics.Metrics;

namespace Selegic.Extensions.Frontend.Operations;

/// <summary>
/// Outcomes of control-plane operations, counted where the HTTP answer is known (see
/// <see cref="OutcomeFilter"/>): <c>publish.outcomes</c> on the meter <see cref="PublishingMeter"/>
/// (tagged status and code: "published" or the refusal's code) and <c>tokens.revocations</c> on
/// <see cref="TokensMeter"/> (tagged scope "token" or "all", status and code: "revoked" or the
/// refusal's). Codes come from the fixed error catalogue; no tenant, extension or installation tags.
/// </summary>
public sealed class ControlPlaneMetrics : IDisposable
{
    public const string PublishingMeter = "Selegic.Extensions.Publishing";
    public const string TokensMeter = "Selegic.Extensions.Tokens";

    private readonly Meter _publishing;
    private readonly Meter _tokens;
    private readonly Counter<long> _publishOutcomes;
    private readonly Counter<long> _revocations;

    public ControlPlaneMetrics(IMeterFactory? meterFactory = null)
    {
        _publishing = meterFactory?.Create(PublishingMeter) ?? new Meter(PublishingMeter);
        _tokens = meterFactory?.Create(TokensMeter) ?? new Meter(TokensMeter);
        _publishOutcomes = _publishing.CreateCounter<long>("publish.outcomes", description: "Publish requests, by status and code (published or the refusal's code)");
        _revocations = _tokens.CreateCounter<long>("tokens.revocations", description: "Token revocation requests, by scope (token, all), status and code");
    }

    public void Published(int status, string? code) =>
        _publishOutcomes.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("code", code ?? "published"));

    public void Revocation(string scope, int status, string? code) =>
        _revocations.Add(1, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("status", status),
            new KeyValuePair<string, object?>("code", code ?? "revoked"));

    public void Dispose()
    {
        _publishing.Dispose();
        _tokens.Dispose();
    }
}
