using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using Selegic.Extensions.Contracts.Bundles.Tar;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>
/// Opens an untrusted bundle (.tar.gz) and returns it only when it passes every check: size and
/// ratio limits (enforced while streaming), archive safety (paths, entry types, duplicates), the
/// manifest, and the files the manifest names. Every refusal is a <see cref="BundleException"/>
/// with its own code; see docs/manifest.md for the full list.
/// </summary>
public static class BundleReader
{
    private static readonly byte[] WasmPreamble = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];
    /// <summary>A WebAssembly component: "\0asm", version 0x0d 0x00, layer 0x01 0x00.</summary>
    private static readonly byte[] ComponentPreamble = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];

    public static Bundle Read(ReadOnlyMemory<byte> bundle) => Read(bundle, BundleLimits.Default);

    public static Bundle Read(ReadOnlyMemory<byte> bundle, BundleLimits limits) => Read(bundle, limits, contentHash: null);

    /// <summary>As <see cref="Read(ReadOnlyMemory{byte}, BundleLimits)"/>, for a caller that has just computed the bundle's content hash (a 10 MiB bundle is not hashed twice).</summary>
    public static Bundle Read(ReadOnlyMemory<byte> bundle, BundleLimits limits, string? contentHash)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();

        if (bundle.Length == 0) throw new BundleException(ErrorCodes.ArchiveEmpty, "The bundle is empty (0 bytes).");
        if (bundle.Length > limits.MaxCompressedBytes)
            throw new BundleException(ErrorCodes.ArchiveTooLarge,
                $"The bundle is {bundle.Length} bytes; at most {limits.MaxCompressedBytes} are allowed.");
        var span = bundle.Span;
        if (span.Length < 10 || span[0] != 0x1F || span[1] != 0x8B || span[2] != 8)
            throw new BundleException(ErrorCodes.ArchiveNotGzip, "The bundle is not gzip-compressed (it must be a .tar.gz).");

        contentHash ??= ContentHash.Compute(span);
        var (files, directories, unpacked) = ReadEntries(bundle, limits);

        if (!files.TryGetValue(ManifestRules.FileName, out var manifestBytes))
        {
            var nested = files.Keys.FirstOrDefault(k => k.EndsWith("/" + ManifestRules.FileName, StringComparison.Ordinal));
            throw new BundleException(ErrorCodes.ManifestMissing, nested is null
                ? "The bundle has no manifest.json at its root."
                : $"The bundle has no manifest.json at its root (found '{nested}'; pack the directory that contains manifest.json).");
        }
        var manifest = ManifestParser.Parse(manifestBytes.Span);
        CheckNamedFiles(manifest, files);

        return new Bundle
        {
            ContentHash = contentHash,
            Manifest = manifest,
            Files = new ReadOnlyDictionary<string, ReadOnlyMemory<byte>>(files),
            Directories = directories,
            CompressedBytes = bundle.Length,
            UnpackedBytes = unpacked,
        };
    }

    private static (Dictionary<string, ReadOnlyMemory<byte>> Files, List<string> Directories, long Unpacked) ReadEntries(
        ReadOnlyMemory<byte> bundle, BundleLimits limits)
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var directories = new List<string>();
        var layout = new EntryLayout();
        long unpacked = 0;
        var entries = 0;

        using var inflate = new InflateBudgetStream(AsStream(bundle), bundle.Length, limits);
        var tar = new TarStreamReader(inflate);
        while (tar.Next() is { } entry)
        {
            if (++entries > limits.MaxEntries)
                throw new BundleException(ErrorCodes.ArchiveTooManyEntries, $"The bundle has more than {limits.MaxEntries} entries.");

            RefuseEntryType(entry);
            var isDirectory = entry.Type == TarFormat.TypeDirectory;
            var problem = BundlePath.Check(entry.Path, isDirectory, out var path, out var reason);
            if (problem == BundlePathProblem.Empty && isDirectory)
            {
                tar.SkipData(); // "./" itself: the root directory
                continue;
            }
            if (problem != BundlePathProblem.None)
                throw new BundleException(BundlePath.ArchiveCode(problem), $"Entry '{Printable(entry.Path)}' is refused: {reason}.");
            layout.Add(path, isDirectory);

            if (isDirectory)
            {
                tar.SkipData();
                directories.Add(path);
                continue;
            }

            if (entry.Size > limits.MaxFileBytes)
                throw new BundleException(ErrorCodes.ArchiveFileTooLarge,
                    $"File '{path}' is {entry.Size} bytes; at most {limits.MaxFileBytes} are allowed per file.");
            if (unpacked + entry.Size > limits.MaxUnpackedBytes)
                throw new BundleException(ErrorCodes.ArchiveUnpackedTooLarge,
                    $"The bundle's files exceed {limits.MaxUnpackedBytes} bytes unpacked (at '{path}').");
            inflate.EnsureCanProduce(entry.Size);
            var data = new byte[entry.Size];
            tar.ReadData(data);
            unpacked += entry.Size;
            files.Add(path, data);
        }
        tar.DrainTrailing();
        inflate.EnsureTrailerPresent(bundle.Span);
        return (files, directories, unpacked);
    }

    private static void RefuseEntryType(TarEntryHeader entry)
    {
        var (code, what) = entry.Type switch
        {
            TarFormat.TypeRegular or TarFormat.TypeRegularOld or TarFormat.TypeDirectory => (null, null),
            TarFormat.TypeSymlink => (ErrorCodes.ArchiveSymlink, "a symbolic link"),
            TarFormat.TypeHardLink => (ErrorCodes.ArchiveHardLink, "a hard link"),
            TarFormat.TypeCharDevice => (ErrorCodes.ArchiveDevice, "a character device"),
            TarFormat.TypeBlockDevice => (ErrorCodes.ArchiveDevice, "a block device"),
            TarFormat.TypeFifo => (ErrorCodes.ArchiveFifo, "a FIFO (named pipe)"),
            _ => (ErrorCodes.ArchiveUnsupportedEntry, $"of unsupported tar type '{Printable(entry.Type.ToString())}'"),
        };
        if (code is not null)
            throw new BundleException(code,
                $"Entry '{Printable(entry.Path)}' is {what}; bundles hold only regular files and directories.");
    }

    private static void CheckNamedFiles(ExtensionManifest manifest, Dictionary<string, ReadOnlyMemory<byte>> files)
    {
        if (manifest.Handler is { } handler)
        {
            if (!files.TryGetValue(handler, out var wasm))
                throw new BundleException(ErrorCodes.HandlerMissing, $"The manifest's handler '{handler}' is not in the bundle.", "handler");
            if (!wasm.Span.StartsWith(WasmPreamble.AsSpan(0, 4)))
                throw new BundleException(ErrorCodes.HandlerNotWasm,
                    $"The handler '{handler}' is not a WebAssembly module (it does not start with '\\0asm').", "handler");
            if (manifest.Runtime == ManifestRules.RuntimeWasmJs1 && !wasm.Span.StartsWith(ComponentPreamble))
                throw new BundleException(ErrorCodes.HandlerNotWasm,
                    $"The handler '{handler}' is not a WebAssembly component, which runtime {ManifestRules.RuntimeWasmJs1} needs (build it with sdk/js).", "handler");
            if (manifest.Runtime != ManifestRules.RuntimeWasmJs1 && !wasm.Span.StartsWith(WasmPreamble))
                throw new BundleException(ErrorCodes.HandlerNotWasm,
                    $"The handler '{handler}' is not a version-1 core WebAssembly module (components need runtime {ManifestRules.RuntimeWasmJs1}).", "handler");
        }
        if (manifest.Ui is { } ui && !files.ContainsKey(ui.Entry))
            throw new BundleException(ErrorCodes.UiEntryMissing, $"The manifest's ui.entry '{ui.Entry}' is not in the bundle.", "ui.entry");
    }

    private static Stream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    /// <summary>Entry paths are attacker-chosen: escape control characters before echoing them.</summary>
    private static string Printable(string text)
    {
        var clipped = text.Length > 300 ? text[..300] + "..." : text;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    /// <summary>Refuses duplicate paths (case-insensitively, as macOS and Windows file systems would clash) and file/directory clashes.</summary>
    private sealed class EntryLayout
    {
        private readonly Dictionary<string, bool> _explicit = new(StringComparer.OrdinalIgnoreCase); // path -> is directory
        private readonly HashSet<string> _impliedDirectories = new(StringComparer.OrdinalIgnoreCase);

        public void Add(string path, bool isDirectory)
        {
            if (_explicit.TryGetValue(path, out var existingIsDirectory))
                throw Duplicate(path, existingIsDirectory == isDirectory
                    ? "it appears twice (paths are compared case-insensitively)"
                    : "it is both a file and a directory");
            if (!isDirectory && _impliedDirectories.Contains(path))
                throw Duplicate(path, "it is both a file and a directory");

            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                var parent = path[..slash];
                if (_explicit.TryGetValue(parent, out var parentIsDirectory) && !parentIsDirectory)
                    throw Duplicate(parent, "it is both a file and a directory");
                _impliedDirectories.Add(parent);
            }
            _explicit.Add(path, isDirectory);
        }

        private static BundleException Duplicate(string path, string why) =>
            new(ErrorCodes.ArchiveDuplicateEntry, $"Entry '{path}' is refused: {why}.");
    }
}
