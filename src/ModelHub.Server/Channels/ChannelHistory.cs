namespace ModelHub.Server.Channels;

/// <summary>
/// A channel's history read as a stack of the versions it served: a move to a new version pushes it, and a move back to
/// a version already on the stack (a rollback, or a manual move back) returns to it, dropping what came after. A
/// rollback goes to the entry under the top: the previous distinct version still standing, never the one just left.
/// </summary>
public static class ChannelHistory
{
    /// <summary>The stack, oldest first, from the versions each move went to (oldest move first).</summary>
    public static List<string> Served(IEnumerable<string> movedTo)
    {
        var stack = new List<string>();
        foreach (var version in movedTo)
        {
            var at = stack.IndexOf(version);
            if (at >= 0)
            {
                stack.RemoveRange(at + 1, stack.Count - at - 1);
            }
            else
            {
                stack.Add(version);
            }
        }

        return stack;
    }
}
