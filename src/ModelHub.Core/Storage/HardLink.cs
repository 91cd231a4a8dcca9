using System.Runtime.InteropServices;

namespace ModelHub.Core.Storage;

/// <summary>
/// Hard links: a second name for the same bytes, free in time and space. Unlike a symbolic link, the file is a real
/// file where it is linked, so ONNX Runtime's "external data must not escape the model folder" check holds.
/// </summary>
public static class HardLink
{
    /// <summary>Links <paramref name="target"/> to <paramref name="existing"/>; false when the system refuses (another volume).</summary>
    public static bool TryCreate(string existing, string target)
    {
        try
        {
            return OperatingSystem.IsWindows() ? CreateHardLinkW(target, existing, IntPtr.Zero) : link(existing, target) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // DllImport keeps this free of unsafe code and source generators.
    [DllImport("libc", SetLastError = true)]
    private static extern int link(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string target);

    [DllImport("kernel32", SetLastError = true, CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CreateHardLinkW(string target, string existing, IntPtr security);
#pragma warning restore SYSLIB1054
}
