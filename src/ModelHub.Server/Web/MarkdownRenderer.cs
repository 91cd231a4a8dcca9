using Ganss.Xss;
using Markdig;

namespace ModelHub.Server.Web;

/// <summary>
/// Model cards: Markdown (tables, task lists, auto links…) rendered with Markdig, then sanitised, since cards are
/// written by uploaders and read by everyone: no scripts, no event handlers, no <c>javascript:</c> URLs, no frames.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            _sanitizer.AllowedSchemes.Add(scheme);
        }

        _sanitizer.AllowedAttributes.Remove("style");
        _sanitizer.AllowedTags.Remove("form");
        _sanitizer.AllowedTags.Remove("input");
        _sanitizer.AllowedTags.Remove("button");
        _sanitizer.AllowedTags.Remove("textarea");
        _sanitizer.AllowedTags.Remove("select");
        // Task-list checkboxes from Markdig are the one input worth keeping, disabled.
        _sanitizer.AllowedTags.Add("input");
        _sanitizer.AllowedAttributes.Add("disabled");
        _sanitizer.AllowedAttributes.Add("checked");
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlInputElement input && (input.Type != "checkbox" || !input.IsDisabled))
            {
                input.Remove();
            }

            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement anchor
                && anchor.GetAttribute("href") is { } href
                && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                anchor.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
    }

    public string Render(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));
}
