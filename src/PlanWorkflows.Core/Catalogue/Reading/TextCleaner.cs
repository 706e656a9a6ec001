using System.Net;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Catalogue.Reading;

/// <summary>Turns a cell of a converted document into plain text.</summary>
public static partial class TextCleaner
{
    public static string Clean(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        var text = HtmlTag().Replace(raw, " ");
        text = WebUtility.HtmlDecode(text);
        text = text.Replace("**", string.Empty, StringComparison.Ordinal);
        text = text.Replace('\u00A0', ' ').Replace('\u2007', ' ').Replace('\u202F', ' ');
        text = ControlChars().Replace(text, " ");
        return Spaces().Replace(text, " ").Trim();
    }

    public static bool HasMarkup(string? raw) => raw is not null && HtmlTag().IsMatch(raw);

    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]")]
    private static partial Regex ControlChars();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
