namespace Selegic.Extensions.Platform.Secrets;

/// <summary>
/// For the embedded default without configured keys: key text generated once and kept in a file
/// (mode 0600) under the data directory, so restarts keep sealed secrets readable and tokens valid.
/// A cluster configures its keys instead (every node must share them).
/// </summary>
public static class PersistedKeyFile
{
    public static string LoadOrCreate(string path, Func<string> generate)
    {
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = generate();
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(text);
        try
        {
            // Two processes starting at once on one data directory: the first rename wins, both read it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
        return File.ReadAllText(path).Trim();
    }
}
