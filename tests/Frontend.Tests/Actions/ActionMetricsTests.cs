using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Selegic.Extensions.Frontend.Tests.Infrastructure;
using Selegic.Extensions.Platform.Actions;

namespace Selegic.Extensions.Frontend.Tests.Actions;

/// <summary>
/// The dispatcher's instruments, observed with a MeterListener while real HTTP calls run. Other test
/// classes run in the same process, so the assertions are lower bounds on what these calls add.
/// </summary>
public sealed class ActionMetricsTests(SqliteActionServer fixture) : IClassFixture<SqliteActionServer>
{
    [Fact]
    public async Task Calls_failures_and_durations_are_recorded_by_action_and_code()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ActionMetrics.MeterName)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        var app = await fixture.Server.InstallAsync();

        for (var i = 0; i < 3; i++)
            await fixture.Server.CallOkAsync(app.Token, "log.emit", new { level = "info", message = "m" });
        using (await fixture.Server.CallAsync(app.Token, "log.emit", new { level = "loud", message = "m" })) { }
        using (await fixture.Server.CallAsync(app.Token, "no.such.action", new { })) { }

        bool Tagged(Dictionary<string, object?> tags, string key, string value) => tags.TryGetValue(key, out var v) && (string?)v == value;
        Assert.True(measurements.Count(m => m.Instrument == "actions.calls" && Tagged(m.Tags, "action", "log.emit") && Tagged(m.Tags, "outcome", "success")) >= 3);
        Assert.Contains(measurements, m => m.Instrument == "actions.failures" && Tagged(m.Tags, "action", "log.emit") && Tagged(m.Tags, "code", "action_input_invalid"));
        Assert.Contains(measurements, m => m.Instrument == "actions.failures" && Tagged(m.Tags, "action", "unknown") && Tagged(m.Tags, "code", "action_unknown"));
        Assert.True(measurements.Count(m => m.Instrument == "actions.duration" && Tagged(m.Tags, "action", "log.emit") && m.Value >= 0) >= 4);
    }
}
