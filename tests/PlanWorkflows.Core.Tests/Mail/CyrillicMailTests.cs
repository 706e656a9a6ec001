using System.Text.RegularExpressions;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Inbound;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Transliteration;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Mail;

/// <summary>A contact writing Montenegrin in Cyrillic (<c>cnr-Cyrl</c>) gets the Montenegrin templates, transliterated.</summary>
public sealed partial class CyrillicMailTests
{
    private static readonly Lazy<MailTemplates> Shipped = new(() => MailTemplates.Load(RepoPaths.Combine("email-templates")));

    private const string Token = "q7Xk2pLm9RtZ";

    /// <summary>A first reminder to the Police Directorate as the service would write it, in the plan's Montenegrin.</summary>
    private static MailModel Reminder() => new()
    {
        Institution = "Uprava policije",
        Round = "2012-H2",
        FormUrl = "https://reports.antitrafficking.gov.me/form/" + Token,
        ReplyToken = Token,
        Contact = new MailPerson("Marija Njegoš", "marija.njegos@policija.me"),
        Office = new MailPerson("Kancelarija za borbu protiv trgovine ljudima", "reports@antitrafficking.gov.me"),
        Items =
        [
            new MailItem
            {
                Code = "1.1.2",
                ActivityKey = "prevention-and-education/1.1.2",
                Title = "Organizovanje javnih predavanja i radionica na fakultetima",
                DueDate = new DateOnly(2013, 1, 15),
                Indicators = ["Broj organizovanih javnih predavanja i radionica"],
                LastReport = new LastReport("Djelimično realizovano", new DateOnly(2012, 7, 10)),
            },
        ],
    };

    [Fact]
    public void A_Cyrillic_reminder_is_the_Montenegrin_one_transliterated_with_links_codes_and_the_reply_form_kept()
    {
        var latin = Shipped.Value.Render(KnownTemplates.FirstReminder, MailLanguages.Montenegrin, Reminder());
        var cyrillic = Shipped.Value.Render(KnownTemplates.FirstReminder, MailLanguages.MontenegrinCyrillic, Reminder());

        Assert.Equal("Подсјећање: Управа полиције – извјештај за друго полугодиште 2012. године, рок 15. јануар 2013.", cyrillic.Subject);
        Assert.Equal(MontenegrinScript.ToCyrillic(latin.Subject), cyrillic.Subject);

        Assert.Contains("Поштовани/а Марија Његош,", cyrillic.Text, StringComparison.Ordinal);
        Assert.Contains("[1.1.2] Организовање јавних предавања и радионица на факултетима", cyrillic.Text, StringComparison.Ordinal);
        Assert.Contains("Посљедњи извјештај: Дјелимично реализовано (10. јул 2012.)", cyrillic.Text, StringComparison.Ordinal);
        Assert.Contains("https://reports.antitrafficking.gov.me/form/" + Token, cyrillic.Text, StringComparison.Ordinal);
        // The reply form is read by its Latin markers and labels; the text around it is Cyrillic.
        var form = FormBlock().Match(latin.Text).Value;
        Assert.Contains($"----- OBRAZAC ZA ODGOVOR (oznaka {Token}) -----", form, StringComparison.Ordinal);
        Assert.Contains(form, cyrillic.Text, StringComparison.Ordinal);
        var outsideForm = cyrillic.Text.Replace(form, string.Empty, StringComparison.Ordinal);
        Assert.Empty(LatinWords(outsideForm).Except(["https", "reports", "antitrafficking", "gov", "me", "form", Token, "H2", "marija", "njegos", "policija"]));

        Assert.Contains("<html lang=\"cnr-Cyrl\">", cyrillic.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://reports.antitrafficking.gov.me/form/" + Token + "\"", cyrillic.Html, StringComparison.Ordinal);
        Assert.Contains("Институција: <strong>Управа полиције</strong>", cyrillic.Html, StringComparison.Ordinal);
        Assert.Contains("translate=\"no\">", cyrillic.Html, StringComparison.Ordinal);
        Assert.Contains($"----- OBRAZAC ZA ODGOVOR (oznaka {Token}) -----", cyrillic.Html, StringComparison.Ordinal);
        Assert.Equal(MontenegrinScript.HtmlToCyrillic(latin.Html.Replace("lang=\"cnr\"", "lang=\"cnr-Cyrl\"", StringComparison.Ordinal)), cyrillic.Html);
    }

    [Fact]
    public void Every_template_renders_in_Cyrillic()
    {
        foreach (var name in KnownTemplates.Names)
        {
            var model = MailSamples.For(name, MailLanguages.Montenegrin)[0];
            var latin = Shipped.Value.Render(name, MailLanguages.Montenegrin, model);
            var cyrillic = Shipped.Value.Render(name, MailLanguages.MontenegrinCyrillic, model);
            Assert.Equal(MontenegrinScript.ToCyrillic(latin.Subject), cyrillic.Subject);
            Assert.NotEqual(latin.Text, cyrillic.Text);
            Assert.Contains("Канцеларија за борбу против трговине људима", cyrillic.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_language_is_refused_naming_the_written_ones()
    {
        var ex = Assert.Throws<MailTemplateException>(() => Shipped.Value.Render(KnownTemplates.FirstReminder, "cnr-Latn", Reminder()));
        Assert.Contains("expected en or cnr or cnr-Cyrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Cyrillic_reply_to_a_Cyrillic_reminder_is_read()
    {
        var reminder = Shipped.Value.Render(KnownTemplates.FirstReminder, MailLanguages.MontenegrinCyrillic, Reminder());
        var form = FormBlock().Match(reminder.Text).Value
            .Replace("Status: ___", "Status: Дјелимично реализовано", StringComparison.Ordinal)
            .Replace("Broj organizovanih javnih predavanja i radionica: ___", "Broj organizovanih javnih predavanja i radionica: 2", StringComparison.Ordinal)
            .Replace("Opis: ___", "Opis: Одржана су два предавања на Правном факултету у Подгорици.", StringComparison.Ordinal);
        var quoted = string.Join("\n", reminder.Text.Split('\n').Select(l => "> " + l));
        var body = "Поштовани,\n\nу прилогу је наш извјештај.\n\n" + form + "\n\nСрдачан поздрав,\nМарија Његош\nУправа полиције\n\n"
            + "Kancelarija za borbu protiv trgovine ljudima <reports@antitrafficking.gov.me> је написао:\n" + quoted + "\n";
        var message = new MimeMessage { Subject = "Re: " + reminder.Subject, MessageId = "c1@policija.me" };
        message.From.Add(MailboxAddress.Parse("marija.njegos@policija.me"));
        message.To.Add(MailboxAddress.Parse($"reports+{Token}@antitrafficking.gov.me"));
        message.Body = new TextPart("plain") { Text = body };

        var parsed = InboundParser.Parse(message, new InboundParserOptions { ReplyDomain = "antitrafficking.gov.me" });

        Assert.Equal(Token, parsed.Token);
        var item = Assert.Single(parsed.Items);
        Assert.Equal("1.1.2", item.ActivityCode);
        Assert.Equal(ImplementationStatus.PartiallyImplemented, item.Status);
        Assert.Equal("2", Assert.Single(item.Indicators).Value);
        Assert.Equal("Одржана су два предавања на Правном факултету у Подгорици.", item.Narrative);
    }

    private static IEnumerable<string> LatinWords(string text) => LatinWord().Matches(text).Select(m => m.Value).Distinct();

    [GeneratedRegex(@"^-+ OBRAZAC ZA ODGOVOR.*?KRAJ OBRASCA ZA ODGOVOR -+", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FormBlock();

    [GeneratedRegex(@"[A-Za-z0-9]*[A-Za-zČčĆćŠšŽžĐđ][A-Za-z0-9]*")]
    private static partial Regex LatinWord();
}
