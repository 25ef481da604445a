using Orleans.Runtime.Messaging;
using Selegic.Extensions.Grains.Execution;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;

namespace Selegic.Extensions.Grains.Tests.Execution;

/// <summary>Which lost executions <see cref="GrainRunner"/> runs a second time.</summary>
public sealed class ExecutionRetryRuleTests
{
    private static ExecuteRequest Request(string method, string? action = null) =>
        new() { Module = new ModuleReference("sha256:00"), Method = method, Path = "/", Action = action };

    [Theory]
    [InlineData("GET", null, true)]
    [InlineData("HEAD", null, true)]
    [InlineData("OPTIONS", null, true)]
    [InlineData("POST", null, false)]
    [InlineData("PUT", null, false)]
    [InlineData("DELETE", null, false)]
    [InlineData("POST", "trip.book", false)]
    public void A_call_whose_silo_died_runs_again_only_when_it_is_a_read(string method, string? action, bool retried) =>
        Assert.Equal(retried, GrainRunner.MayRunTwice(Request(method, action), new SiloUnavailableException("gone")));

    [Fact]
    public void A_call_that_never_reached_a_silo_runs_again_whatever_it_is()
    {
        Assert.True(GrainRunner.MayRunTwice(Request("POST", "trip.book"), new ConnectionFailedException("refused")));
        Assert.True(GrainRunner.MayRunTwice(Request("POST"), Rejection()));
    }

    /// <summary>A rejection that is not a lost silo (its constructors are internal to Orleans).</summary>
    private static OrleansMessageRejectionException Rejection() =>
        (OrleansMessageRejectionException)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException));

    [Fact]
    public void A_call_past_its_answer_bound_is_a_lost_one_and_runs_again_only_when_it_is_a_read()
    {
        Assert.True(GrainRunner.IsSiloLoss(new TimeoutException()));
        Assert.True(GrainRunner.MayRunTwice(Request("GET"), new TimeoutException()));
        Assert.False(GrainRunner.MayRunTwice(Request("POST"), new TimeoutException()));
    }

    [Fact]
    public void Other_failures_are_not_silo_losses()
    {
        Assert.False(GrainRunner.IsSiloLoss(new InvalidOperationException()));
        Assert.True(GrainRunner.IsSiloLoss(new SiloUnavailableException()));
        Assert.True(GrainRunner.IsSiloLoss(new ConnectionFailedException("refused")));
    }
}
