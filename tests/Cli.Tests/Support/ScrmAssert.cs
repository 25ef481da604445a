namespace Selegic.Extensions.Cli.Tests.Support;

public static class ScrmAssert
{
    /// <summary>A failed run: the exit code, the --json failure document and the stderr error line all agree.</summary>
    public static void AssertRefused(ScrmRun run, int exitCode, string code)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var json = run.Json();
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal(exitCode, json.GetProperty("exitCode").GetInt32());
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()));
        Assert.Contains($"error: {code}", run.Stderr);
    }
}
