using Selegic.Extensions.Wasm.Runtime;

namespace Selegic.Extensions.Wasm.Wasi;

// The rest of preview 1, defined so every preview-1 module links. Calls on a descriptor fail
// with EBADF unless it is an open standard stream (then ENOSYS); path_* calls name a directory
// descriptor and there are none, so EBADF; the others return ENOSYS.
public sealed partial class WasiContext
{
    private enum Refusal { BadDescriptorOrUnsupported, NoDirectories, Unsupported }

    // Parameter letters: i = i32, I = i64 (see Define).
    private static readonly (string Name, string Parameters, Refusal Refusal)[] UnsupportedFunctions =
    [
        ("fd_advise", "iIIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_allocate", "iII", Refusal.BadDescriptorOrUnsupported),
        ("fd_fdstat_set_flags", "ii", Refusal.BadDescriptorOrUnsupported),
        ("fd_fdstat_set_rights", "iII", Refusal.BadDescriptorOrUnsupported),
        ("fd_filestat_set_size", "iI", Refusal.BadDescriptorOrUnsupported),
        ("fd_filestat_set_times", "iIIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_pread", "iiiIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_pwrite", "iiiIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_readdir", "iiiIi", Refusal.BadDescriptorOrUnsupported),
        ("fd_renumber", "ii", Refusal.BadDescriptorOrUnsupported),
        ("sock_accept", "iii", Refusal.BadDescriptorOrUnsupported),
        ("sock_recv", "iiiiii", Refusal.BadDescriptorOrUnsupported),
        ("sock_send", "iiiii", Refusal.BadDescriptorOrUnsupported),
        ("sock_shutdown", "ii", Refusal.BadDescriptorOrUnsupported),
        ("path_create_directory", "iii", Refusal.NoDirectories),
        ("path_filestat_get", "iiiii", Refusal.NoDirectories),
        ("path_filestat_set_times", "iiiiIIi", Refusal.NoDirectories),
        ("path_link", "iiiiiii", Refusal.NoDirectories),
        ("path_open", "iiiiiIIii", Refusal.NoDirectories),
        ("path_readlink", "iiiiii", Refusal.NoDirectories),
        ("path_remove_directory", "iii", Refusal.NoDirectories),
        ("path_rename", "iiiiii", Refusal.NoDirectories),
        ("path_symlink", "iiiii", Refusal.NoDirectories),
        ("path_unlink_file", "iii", Refusal.NoDirectories),
        ("poll_oneoff", "iiii", Refusal.Unsupported),
        ("proc_raise", "i", Refusal.Unsupported),
    ];

    private static void DefineUnsupported(Linker linker, Func<HostCallContext, WasiContext> contextOf)
    {
        foreach (var (name, parameters, refusal) in UnsupportedFunctions)
        {
            Define(linker, contextOf, name, parameters, refusal switch
            {
                Refusal.BadDescriptorOrUnsupported => (w, _, a) =>
                    w.IsOpenStdio(a[0].AsI32()) ? WasiErrno.FunctionNotSupported : WasiErrno.BadFileDescriptor,
                Refusal.NoDirectories => (_, _, _) => WasiErrno.BadFileDescriptor,
                _ => (_, _, _) => WasiErrno.FunctionNotSupported,
            });
        }
    }
}
