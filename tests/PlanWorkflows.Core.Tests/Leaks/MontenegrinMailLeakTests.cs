using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Leaks;

/// <summary>
/// Every mail template, written for the whole shipped plan to a Montenegrin reader in Latin and in Cyrillic script,
/// carries no English text of the catalogue; the Cyrillic ones carry no Latin word but links, addresses, codes and tokens.
/// </summary>
public sealed class MontenegrinMailLeakTests
{
    private static readonly string CataloguePath = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");
    private static readonly Lazy<PlanCatalogue> Catalogue = new(() => CatalogueYaml.Load(CataloguePath));
    private static readonly Lazy<PlanText> Text = new(() => PlanText.LoadBeside(Catalogue.Value, CataloguePath, MailLanguages.Montenegrin));
    private static readonly Lazy<MailTemplates> Templates = new(() => MailTemplates.Load(RepoPaths.Combine("email-templates")));
    private static readonly MailOptions Options = new();
    private const string Token = "Tk7qXp2LmR9vZs4WnB8cYd";
    private const string Institution = "police-directorate";

    public static TheoryData<string> Languages => [MailLanguages.Montenegrin, MailLanguages.MontenegrinCyrillic];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_mail_for_the_shipped_plan_names_the_catalogue_in_Montenegrin(string language)
    {
        var leaks = EnglishLeaks.Of(Catalogue.Value, RealCatalogue.Directory, Text.Value);
        Assert.True(leaks.Count > 150, $"the catalogue's English gives the check something to find ({leaks.Count} texts)");

        var found = new List<string>();
        var mails = Compose(language, Text.Value);
        Assert.Equal(KnownTemplates.Names.Count, mails.Count);
        foreach (var (template, mail) in mails)
        {
            foreach (var (part, body) in Parts(mail))
            {
                var where = $"{language} {template} {part}";
                found.AddRange(leaks.English(body, where));
                if (language == MailLanguages.MontenegrinCyrillic)
                {
                    found.AddRange(EnglishLeaks.Latin(body, where, Token));
                }
            }
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found.Take(40)));
    }

    [Fact]
    public void Every_activity_is_in_the_digest_in_Montenegrin()
    {
        var digest = Compose(MailLanguages.Montenegrin, Text.Value).Single(m => m.Template == KnownTemplates.FirstReminder).Mail;
        foreach (var activity in Catalogue.Value.Activities)
        {
            Assert.Contains(Text.Value.Activity(activity.Key, "title", MailLanguages.Montenegrin).Text, digest.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void One_field_left_in_English_is_found_and_named()
    {
        // The translation of one activity's title replaced by its English: the mail falls back, and the check must say so.
        var activity = Catalogue.Value.FindActivity("education/1.1.2") ?? Catalogue.Value.Activities.First(a => a.Title.Length > 40);
        var yaml = File.ReadAllText(PlanTranslations.PathFor(CataloguePath, MailLanguages.Montenegrin));
        var translated = Text.Value.Activity(activity.Key, "title", MailLanguages.Montenegrin).Text;
        Assert.Contains(translated, yaml, StringComparison.Ordinal);
        var sabotaged = new PlanText(Catalogue.Value, PlanTranslations.Parse(yaml.Replace(translated, activity.Title.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal), "sabotaged.cnr.yaml"));

        var leaks = EnglishLeaks.Of(Catalogue.Value, RealCatalogue.Directory, Text.Value);
        var found = Compose(MailLanguages.MontenegrinCyrillic, sabotaged)
            .SelectMany(m => Parts(m.Mail).SelectMany(p => leaks.English(p.Body, $"{m.Template} {p.Part}")))
            .ToList();

        // In Cyrillic the English comes out transliterated; it is found all the same, named with the field and the mail.
        Assert.Contains(found, f => f.StartsWith("first-reminder text", StringComparison.Ordinal) && f.Contains($"{activity.Key} title (transliterated)", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("report-received html", StringComparison.Ordinal) && f.Contains($"{activity.Key} title", StringComparison.Ordinal));
    }

    /// <summary>One mail per template: the reminder-type ones as the digest of every activity, the others with every activity as an item.</summary>
    private static List<(string Template, MimeMessage Mail)> Compose(string language, PlanText text)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2012, 12, 10, 8, 0, 0, TimeSpan.Zero));
        var composer = new TemplatedOutboxComposer(Templates.Value, new MailComposer(Options, time),
            new DigestBuilder(Options, DigestBuilder.IndicatorsOf(Catalogue.Value), () => Token, text: text), Options, () => Token, text);
        var institution = RealCatalogue.Directory.All.Single(i => i.Id == Institution);
        var catalogue = Catalogue.Value;
        var rows = new List<OutboxMessage>();
        long id = 0;
        foreach (var template in KnownTemplates.Names)
        {
            if (KnownTemplates.IsDigest(template))
            {
                foreach (var activity in catalogue.Activities)
                {
                    rows.Add(Row(++id, template, language, new JsonObject
                    {
                        ["activityKey"] = activity.Key,
                        ["activityTitle"] = activity.Title,
                        ["activityReference"] = catalogue.Reference(activity),
                        ["areaTitle"] = catalogue.FindArea(activity.Area)?.Title,
                        ["institutionId"] = Institution,
                        ["institutionName"] = institution.NameEn,
                        ["institutionNameCnr"] = institution.NameCnr,
                        ["period"] = "2012-H2",
                        ["dueDate"] = "2012-12-31",
                        ["escalationLevel"] = 1,
                    }));
                }

                continue;
            }

            var first = catalogue.Activities.First();
            rows.Add(Row(++id, template, language, new JsonObject
            {
                ["activityKey"] = first.Key,
                ["activityTitle"] = first.Title,
                ["areaTitle"] = catalogue.FindArea(first.Area)?.Title,
                ["institutionId"] = Institution,
                ["institution"] = institution.NameCnr,
                ["round"] = "2012-H2",
                ["dueDate"] = "2012-12-31",
                ["message"] = "Molimo da dopunite izvještaj podacima o broju obuka.",
                ["meeting"] = "14. mart 2013.",
                ["meetingDate"] = "2013-03-14",
                ["packUrl"] = "https://reports.antitrafficking.gov.me/packs/2013-03-14",
                ["contact"] = new JsonObject { ["name"] = "Marija Njegoš", ["email"] = "marija.njegos@policija.me" },
                ["items"] = new JsonArray([.. catalogue.Activities.Select(a => (JsonNode)new JsonObject
                {
                    ["code"] = catalogue.Reference(a),
                    ["activityKey"] = a.Key,
                    ["title"] = a.Title,
                    ["dueDate"] = "2013-03-31",
                    ["status"] = "Djelimično realizovano",
                    ["narrative"] = "Održane su dvije obuke za policijske službenike.",
                })]),
            }));
        }

        return [.. composer.Compose(rows).Select(m => (rows.First(r => r.Id == m.RowIds[0]).Template, m.Message))];
    }

    private static OutboxMessage Row(long id, string template, string language, JsonObject model) => new()
    {
        Id = id,
        MessageId = $"pw.test.{id}@antitrafficking.gov.me",
        InstitutionId = Institution,
        Template = template,
        Language = language,
        To = "marija.njegos@policija.me",
        ModelJson = model.ToJsonString(),
        CreatedAt = new DateTime(2012, 12, 10, 8, 0, 0, DateTimeKind.Utc),
        NotBefore = new DateTime(2012, 12, 10, 8, 0, 0, DateTimeKind.Utc),
        Status = OutboxStatus.Queued,
    };

    private static IEnumerable<(string Part, string Body)> Parts(MimeMessage mail) =>
        [("subject", mail.Subject ?? string.Empty), ("text", mail.TextBody ?? string.Empty), ("html", mail.HtmlBody ?? string.Empty)];
}
