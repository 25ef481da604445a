using System.Text.RegularExpressions;
using Selegic.Extensions.Frontend.Tests.Gateway;

namespace Selegic.Extensions.Frontend.Tests.Operations;

/// <summary>
/// No Docker engine runs here, so the Dockerfile is checked as text: the build and entry commands the
/// README documents are the Dockerfile's, they name projects and assemblies that exist, and the
/// images run as a non-root user.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = GatewayKit.RepositoryRoot;
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "docker", "Dockerfile"));
    private static readonly string Readme = File.ReadAllText(Path.Combine(Root, "README.md"));

    [GeneratedRegex(@"^FROM (?<image>\S+) AS (?<name>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Stage();

    [GeneratedRegex(@"docker build -f deploy/docker/Dockerfile --target (?<target>\S+) -t (?<tag>\S+) \.")]
    private static partial Regex BuildCommand();

    [GeneratedRegex(@"^ENTRYPOINT \[""dotnet"", ""(?<dll>[^""]+)""\]$", RegexOptions.Multiline)]
    private static partial Regex Entrypoint();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj) -c Release -o (?<output>\S+)")]
    private static partial Regex Publish();

    /// <summary>Each stage's name and its lines.</summary>
    private static Dictionary<string, (string Image, string Body)> Stages()
    {
        var matches = Stage().Matches(Dockerfile);
        return matches.Select((m, i) => (m.Groups["name"].Value, m.Groups["image"].Value,
                Dockerfile[m.Index..(i + 1 < matches.Count ? matches[i + 1].Index : Dockerfile.Length)]))
            .ToDictionary(s => s.Item1, s => (s.Item2, s.Item3));
    }

    [Fact]
    public void The_README_builds_the_frontend_and_silo_targets_and_each_is_a_stage()
    {
        var documented = BuildCommand().Matches(Readme).Select(m => m.Groups["target"].Value).ToList();
        Assert.Equal(["frontend", "silo"], documented);
        var stages = Stages();
        foreach (var target in documented)
            Assert.True(stages.ContainsKey(target), $"the README builds --target {target}, which the Dockerfile does not define");
        // The Dockerfile's own header shows the same commands.
        Assert.Equal(documented, BuildCommand().Matches(Dockerfile).Select(m => m.Groups["target"].Value).ToList());
    }

    [Theory]
    [InlineData("frontend", "Selegic.Extensions.Frontend", "src/Frontend/Selegic.Extensions.Frontend.csproj")]
    [InlineData("silo", "Selegic.Extensions.Silo", "src/Silo/Selegic.Extensions.Silo.csproj")]
    public void Each_image_runs_the_assembly_the_README_names_published_from_a_project_that_exists(string target, string assembly, string project)
    {
        var (_, body) = Stages()[target];
        var dll = Assert.Single(Entrypoint().Matches(body)).Groups["dll"].Value;
        Assert.Equal($"/app/{assembly}.dll", dll);
        Assert.Contains($"`dotnet {dll}`", Readme);

        var publish = Publish().Matches(Dockerfile).Single(m => m.Groups["project"].Value == project);
        Assert.True(File.Exists(Path.Combine(Root, project)), project);
        Assert.Matches($@"COPY --from=build \S* ?{Regex.Escape(publish.Groups["output"].Value)} /app", body);
        // The assembly the entry point names is what the project builds (it sits next to this test).
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, assembly + ".dll")), assembly);
    }

    [Fact]
    public void The_images_are_multi_stage_and_run_as_a_non_root_user()
    {
        var stages = Stages();
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", stages["build"].Image);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", stages["runtime"].Image);
        Assert.Contains("USER $APP_UID", stages["runtime"].Body);
        foreach (var target in new[] { "frontend", "silo" })
        {
            Assert.Equal("runtime", stages[target].Image);
            Assert.DoesNotMatch(@"(?m)^USER\s+(root|0)\b", stages[target].Body);
            Assert.DoesNotContain("RUN ", stages[target].Body); // nothing written into the image at run time
        }
    }
}
