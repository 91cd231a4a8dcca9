using Microsoft.Extensions.Primitives;

namespace ModelHub.Server.Http;

/// <summary>
/// <c>If-None-Match</c> as RFC 9110 §13.1.2 says: <c>*</c> matches any current representation, and tags compare weakly
/// (<c>W/"x"</c> matches <c>"x"</c> and the reverse), since the condition only asks whether the client's copy is
/// still good. Every route that serves an <c>ETag</c> answers 304 through here.
/// </summary>
public static class EntityTags
{
    public static bool IfNoneMatch(StringValues ifNoneMatch, string etag)
    {
        var opaque = Opaque(etag);
        foreach (var value in ifNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || Opaque(candidate) == opaque)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
