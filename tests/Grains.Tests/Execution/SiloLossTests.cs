using Microsoft.Extensions.Logging.Abstractions;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Grains.Tests.Support;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Grains.Tests.Execution;

/// <summary>
/// Losing the silo an execution runs on. TestingHost's kill is not an OS crash (the process tests in
/// Frontend.Tests kill real silos), but the client sees the same thing: calls pending on that silo fail.
/// </summary>
public sealed class SiloLossTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Reads_lost_with_their_silo_run_again_on_the_survivor_and_writes_that_called_actions_are_not_run_twice()
    {
        await using var cluster = await ExecutionCluster.StartAsync(2);
        var doomed = cluster.Cluster.SecondarySilos[0]!;
        var survivor = cluster.Cluster.Primary!;
        var held = cluster.Service<SiloActions>(doomed);
        held.Hold = true;
        var runner = new GrainRunner(cluster.Cluster.Client, NullLogger<GrainRunner>.Instance);
        var limits = new HandlerLimits { TimeoutMilliseconds = 2_000 };

        // Every request calls an action once; on the doomed silo that call never answers.
        var calls = Enumerable.Range(0, 16).SelectMany(i => new[] { ("GET", $"get-{i}"), ("POST", $"post-{i}") })
            .Select(c => (Id: c.Item2, Response: runner.ExecuteAsync(ExecutionHandlers.Request(ExecutionHandlers.Writer, c.Item1, c.Item2, limits))))
            .ToList();
        await held.Held.WaitAsync(TimeSpan.FromSeconds(30)); // no call reached the doomed silo if this times out
        await Task.Delay(500); // let the rest arrive
        await cluster.Cluster.KillSiloAsync(doomed);
        var killed = System.Diagnostics.Stopwatch.StartNew();

        var lost = held.Calls.Select(c => c.RequestId!).ToHashSet();
        Assert.Contains(lost, id => id.StartsWith("get-"));
        foreach (var (id, pending) in calls)
        {
            var response = await pending.WaitAsync(GrainRunner.AnswerMargin + TimeSpan.FromSeconds(30)); // a lost call was neither failed nor answered
            output.WriteLine($"{id} {killed.ElapsedMilliseconds} ms {response.Code} {response.Message}");
            if (id.StartsWith("post-") && lost.Contains(id))
            {
                Assert.Equal(RunnerCodes.RunnerUnavailable, response.Code);
                Assert.Equal(503, response.Status);
            }
            else
            {
                Assert.True(response.Succeeded, $"{id}: {response.Code} {response.Message}");
                Assert.Equal(survivor.Name, response.Statistics.Runner);
            }
        }
        var onSurvivor = cluster.Service<SiloActions>(survivor).Calls.Select(c => c.RequestId).ToList();
        Assert.DoesNotContain(onSurvivor, id => id!.StartsWith("post-") && lost.Contains(id));
    }
}
