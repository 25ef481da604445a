using System.IO.Compression;
using Selegic.Extensions.Contracts.Bundles.Tar;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;

namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>The output of <see cref="BundlePacker.Pack"/>.</summary>
/// <param name="Bytes">the .tar.gz</param>
/// <param name="ContentHash"><c>sha256:&lt;hex&gt;</c> of <paramref name="Bytes"/></param>
/// <param name="Files">packed files (bundle paths, sorted)</param>
/// <param name="Skipped">filtered files and directories (relative paths, sorted), for the CLI to show</param>
public sealed record PackResult(byte[] Bytes, string ContentHash, IReadOnlyList<string> Files, IReadOnlyList<string> Skipped);

/// <summary>
/// Packs a directory into a deterministic bundle: a gzip-compressed POSIX ustar archive with entries
/// sorted by path, fixed modification time (1980-01-01), owner 0:0, mode 0644 for files and 0755 for
/// directories, and a gzip header without a time stamp or OS mark. The same directory content always
/// gives the same bytes, so the same content hash.
/// Left out (see docs/manifest.md): every file or directory whose name starts with '.' (.git, .env,
/// .DS_Store, ...), files or directories marked hidden by the file system, and <c>node_modules</c>
/// directories. Symbolic links and paths a bundle cannot hold are refused with their archive code.
/// </summary>
public static class BundlePacker
{
    public const string NodeModules = "node_modules";

    /// <param name="directory">the folder whose content becomes the bundle root (it must contain manifest.json)</param>
    /// <param name="exclude">optional extra filter on bundle-relative paths ('/' separated), e.g. to leave out the output file</param>
    /// <param name="replacements">
    /// optional file contents by bundle path that replace the file of that path in <paramref name="directory"/>,
    /// or are added when it has none (e.g. a manifest.json completed from package.json defaults)
    /// </param>
    public static PackResult Pack(string directory, Func<string, bool>? exclude = null,
        IReadOnlyDictionary<string, byte[]>? replacements = null)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists) throw new DirectoryNotFoundException($"Directory '{directory}' does not exist.");

        var entries = new Dictionary<string, Func<byte[]>?>(StringComparer.Ordinal); // path -> content; null for a directory
        var skipped = new List<string>();
        Collect(root, "", entries, skipped, exclude);
        foreach (var (path, content) in replacements ?? new Dictionary<string, byte[]>())
        {
            var problem = BundlePath.Check(path, isDirectory: false, out var normalized, out var reason);
            if (problem != BundlePathProblem.None)
                throw new BundleException(BundlePath.ArchiveCode(problem), $"Replacement '{path}' cannot be packed: {reason}.");
            if (entries.TryGetValue(normalized, out var existing) && existing is null)
                throw new BundleException(ErrorCodes.ArchiveDuplicateEntry, $"Replacement '{path}' is a directory in '{directory}'.");
            entries[normalized] = () => content;
        }
        var ordered = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        skipped.Sort(StringComparer.Ordinal);

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var tar = new TarBuilder(gzip);
            foreach (var (path, content) in ordered)
            {
                if (content is null) tar.AddDirectory(path);
                else tar.AddFile(path, content());
            }
            tar.Finish();
        }

        var bytes = compressed.ToArray();
        MakeGzipHeaderDeterministic(bytes);
        var files = ordered.Where(e => e.Value is not null).Select(e => e.Key).ToList();
        return new PackResult(bytes, ContentHash.Compute(bytes), files, skipped);
    }

    /// <summary>True for names the packer leaves out: dotfiles, hidden directories and node_modules.</summary>
    public static bool IsFiltered(string name, bool isDirectory) =>
        BundlePath.IsHiddenSegment(name) || (isDirectory && name == NodeModules);

    private static void Collect(DirectoryInfo directory, string prefix, Dictionary<string, Func<byte[]>?> entries,
        List<string> skipped, Func<string, bool>? exclude)
    {
        foreach (var info in directory.EnumerateFileSystemInfos())
        {
            var path = prefix + info.Name;
            var isDirectory = info is DirectoryInfo;
            if (IsFiltered(info.Name, isDirectory) || info.Attributes.HasFlag(FileAttributes.Hidden) || exclude?.Invoke(path) == true)
            {
                skipped.Add(path);
                continue;
            }
            if (info.LinkTarget is not null)
                throw new BundleException(ErrorCodes.ArchiveSymlink,
                    $"'{path}' is a symbolic link; bundles hold only regular files and directories. Copy the target instead.");
            var problem = BundlePath.Check(path, isDirectory, out _, out var reason);
            if (problem != BundlePathProblem.None)
                throw new BundleException(BundlePath.ArchiveCode(problem), $"'{path}' cannot be packed: {reason}.");

            if (info is DirectoryInfo sub)
            {
                entries.Add(path, null);
                Collect(sub, path + "/", entries, skipped, exclude);
            }
            else entries.Add(path, () => File.ReadAllBytes(info.FullName));
        }
    }

    /// <summary>
    /// The compressor writes MTIME 0 and no optional fields, but marks the operating system it ran on
    /// (byte 9); set that to 255 ("unknown") so bundles packed on any OS are byte-identical.
    /// </summary>
    private static void MakeGzipHeaderDeterministic(byte[] gzip)
    {
        if (gzip.Length < 10 || gzip[0] != 0x1F || gzip[1] != 0x8B || gzip[3] != 0 || gzip.AsSpan(4, 4).ContainsAnyExcept((byte)0))
            throw new InvalidOperationException("The gzip compressor wrote an unexpected header.");
        gzip[9] = 0xFF;
    }
}
