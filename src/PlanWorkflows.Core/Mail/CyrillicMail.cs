using System.Text;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Transliteration;

namespace PlanWorkflows.Core.Mail;

/// <summary>
/// A Montenegrin mail in Cyrillic script (<see cref="MailLanguages.MontenegrinCyrillic"/>): the Latin mail as rendered,
/// with its subject, its text part and the text nodes of its HTML part transliterated. Links, addresses, dates, codes
/// and tokens stay as they are (<see cref="MontenegrinScript"/>). The plain-text reply form keeps its Latin markers and
/// labels, which are what the reply reader looks for; the answers written into it may be in either script. In HTML the
/// form is the element marked <c>translate="no"</c> in the templates.
/// </summary>
internal static partial class CyrillicMail
{
    public static RenderedMail Transliterate(RenderedMail mail) => new(
        MontenegrinScript.ToCyrillic(mail.Subject),
        MontenegrinScript.HtmlToCyrillic(mail.Html),
        Text(mail.Text));

    private static string Text(string text)
    {
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match form in ReplyForm().Matches(text))
        {
            result.Append(MontenegrinScript.ToCyrillic(text[last..form.Index])).Append(form.Value);
            last = form.Index + form.Length;
        }

        return result.Append(MontenegrinScript.ToCyrillic(text[last..])).ToString();
    }

    [GeneratedRegex(@"^-{2,}[ \t]*OBRAZAC ZA ODGOVOR\b.*?^-{2,}[ \t]*KRAJ OBRASCA ZA ODGOVOR[^\r\n]*", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ReplyForm();
}
