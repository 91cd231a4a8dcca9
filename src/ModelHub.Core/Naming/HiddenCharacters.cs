namespace ModelHub.Core.Naming;

/// <summary>
/// Characters that change how text looks or where it breaks without showing themselves: control characters (a newline
/// in a name forges a log line or a listing), line and paragraph separators, and the bidirectional formatting
/// characters (a right-to-left override makes <c>exe.txt</c> read as <c>txt.exe</c>).
/// </summary>
public static class HiddenCharacters
{
    public static bool IsHidden(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F'
        or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
