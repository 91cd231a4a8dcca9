using System.Runtime.InteropServices;

namespace ModelHub.Core.Storage;

/// <summary>
/// Data is readable by the server's user only: the database holds token hashes and the encrypted signing keys, the blob
/// folder holds private models. New files get mode 0600 and folders 0700 (a process umask of 077, which also covers
/// what libraries create: SQLite's journal, scratch copies, spooled uploads); folders and files that already exist are
/// tightened where the server knows them to be its own.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Makes every file and folder this process creates from now on owner-only (no-op on Windows).</summary>
    public static void ForNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = umask(Convert.ToUInt32("077", 8));
        }
    }

    /// <summary>Gives an existing file mode 0600 and an existing folder mode 0700; a missing path is left alone.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, FilePermissions);
        }
        else if (Directory.Exists(path))
        {
            File.SetUnixFileMode(path, FolderPermissions);
        }
    }

    /// <summary>Creates <paramref name="path"/> (and missing parents) as an owner-only folder, or tightens it.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderPermissions);
        Restrict(path);
    }

#pragma warning disable SYSLIB1054 // DllImport keeps this free of unsafe code and source generators (as HardLink does).
    [DllImport("libc", SetLastError = false)]
    private static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054
}
