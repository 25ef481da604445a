namespace Selegic.Extensions.EndToEnd.Tests.Support;

/// <summary>Where the repository's folders are, found from the test binary upwards (Extensions.sln marks the root).</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Extensions.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"No Extensions.sln above {AppContext.BaseDirectory}.");
    }
}
