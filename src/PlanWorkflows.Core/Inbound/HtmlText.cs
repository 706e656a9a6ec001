using System.Text;
using MimeKit.Text;

namespace PlanWorkflows.Core.Inbound;

/// <summary>
/// HTML mail bodies as the plain text a person would have typed: block elements become lines, blockquotes become
/// "&gt; " prefixes (so quoted history is recognised the same way as in plain text), and head, style and script vanish.
/// Built on MimeKit's tokenizer so broken markup degrades instead of throwing.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote",
        "address", "center", "dl", "dt", "dd", "section", "article", "header", "footer", "form", "body", "html",
    };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "head", "style", "script", "title", "xml" };

    public static string Convert(string html)
    {
        var output = new StringBuilder();
        var line = new StringBuilder();
        var quoteDepth = 0;
        var preDepth = 0;
        var hiddenDepth = 0;
        var pendingSpace = false;

        void Flush(bool force)
        {
            var text = line.ToString().TrimEnd();
            if (text.Length > 0 || force)
            {
                var prefix = string.Concat(Enumerable.Repeat("> ", quoteDepth));
                output.Append(text.Length == 0 ? prefix.TrimEnd() : prefix).Append(text).Append('\n');
            }

            line.Clear();
            pendingSpace = false;
        }

        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    var name = tag.Name;
                    if (Hidden.Contains(name))
                    {
                        if (!tag.IsEmptyElement)
                        {
                            hiddenDepth = Math.Max(0, hiddenDepth + (tag.IsEndTag ? -1 : 1));
                        }

                        continue;
                    }

                    if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                    {
                        Flush(force: true);
                    }
                    else if (name.Equals("blockquote", StringComparison.OrdinalIgnoreCase))
                    {
                        Flush(force: false);
                        quoteDepth = Math.Max(0, quoteDepth + (tag.IsEndTag ? -1 : 1));
                    }
                    else if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
                    {
                        Flush(force: false);
                        preDepth = Math.Max(0, preDepth + (tag.IsEndTag ? -1 : 1));
                    }
                    else if (name.Equals("hr", StringComparison.OrdinalIgnoreCase))
                    {
                        Flush(force: false);
                        line.Append("________________________________");
                        Flush(force: false);
                    }
                    else if (name.Equals("p", StringComparison.OrdinalIgnoreCase) && tag.IsEndTag)
                    {
                        // Outlook writes every line as a paragraph; a closing paragraph is one line break, not a blank line.
                        Flush(force: false);
                    }
                    else if (Blocks.Contains(name))
                    {
                        Flush(force: false);
                    }
                    else if (name is "td" or "th" && !tag.IsEndTag && line.Length > 0)
                    {
                        pendingSpace = true;
                    }

                    break;
                case HtmlDataToken data when hiddenDepth == 0:
                    if (preDepth > 0)
                    {
                        var parts = data.Data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
                        for (var i = 0; i < parts.Length; i++)
                        {
                            if (i > 0)
                            {
                                Flush(force: true);
                            }

                            line.Append(parts[i].Replace('\u00a0', ' '));
                        }
                    }
                    else
                    {
                        foreach (var c in data.Data)
                        {
                            if (char.IsWhiteSpace(c))
                            {
                                pendingSpace = true;
                                continue;
                            }

                            if (pendingSpace && line.Length > 0)
                            {
                                line.Append(' ');
                            }

                            pendingSpace = false;
                            line.Append(c);
                        }
                    }

                    break;
            }
        }

        Flush(force: false);
        return output.ToString();
    }
}
