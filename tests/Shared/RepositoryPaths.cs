namespace Selegic.Extensions.TestSupport;

/// <summary>Locates the repository (for program sources) and a per-user cache of compiled programs.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ProgramsDirectory => Path.Combine(Root, "tests", "Shared", "Programs");

    /// <summary>Compiled programs, keyed by a hash of their source and compiler command, so reruns skip the compilers.</summary>
    public static string CompiledProgramCache { get; } =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "selegic-wasm-tests", "compiled")).FullName;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Extensions.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Extensions.sln above {AppContext.BaseDirectory}");
    }
}
