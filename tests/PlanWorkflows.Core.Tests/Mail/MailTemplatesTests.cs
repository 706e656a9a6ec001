using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed class MailTemplatesTests
{
    private static readonly Lazy<MailTemplates> Shipped = new(() => MailTemplates.Load(RepoPaths.Combine("email-templates")));

    public static TheoryData<string, string> EveryTemplate()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in KnownTemplates.Names)
        {
            foreach (var language in MailLanguages.All)
            {
                data.Add(name, language);
            }
        }

        return data;
    }

    [Fact]
    public void The_shipped_templates_pass_the_check()
    {
        Assert.Empty(Shipped.Value.Check());
    }

    [Theory]
    [MemberData(nameof(EveryTemplate))]
    public void Every_shipped_template_renders_subject_html_and_text(string name, string language)
    {
        var model = MailSamples.For(name, language)[0];
        var mail = Shipped.Value.Render(name, language, model);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.Contains(name == KnownTemplates.PackReady ? model.Meeting! : model.Institution, mail.Subject, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", mail.Html, StringComparison.Ordinal);
        Assert.EndsWith("</html>", mail.Html.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains(model.Institution, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", mail.Text, StringComparison.Ordinal);
        // Phones and privacy: no scripts, no external images, styles inline only.
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("width=device-width", mail.Html, StringComparison.Ordinal);
    }
}
