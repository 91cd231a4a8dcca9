using System.Globalization;

namespace ModelHub.Server.Uploads;

/// <summary>
/// The <c>Content-Range</c> of an upload chunk: OCI's <c>start-end</c> or HTTP's <c>bytes start-end/total</c> (end inclusive).
/// </summary>
public static class ContentRangeHeader
{
    public static bool TryParse(string? header, out long start, out long end)
    {
        start = end = 0;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var value = header.Trim();
        if (value.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            value = value[6..].Trim();
        }

        var slash = value.IndexOf('/');
        if (slash >= 0)
        {
            value = value[..slash];
        }

        var dash = value.IndexOf('-');
        return dash > 0
            && long.TryParse(value[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && long.TryParse(value[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out end)
            && end >= start;
    }
}
