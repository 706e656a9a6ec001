using BenchmarkDotNet.Attributes;
using MimeKit;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Bench;

/// <summary>
/// One digest of 5 activities, as <see cref="DigestBuilder"/> builds it: rendered with the shipped
/// templates (subject, HTML, text, with their partials) and composed into the MIME message with its
/// <c>.ics</c>, in English and in Montenegrin.
/// </summary>
[MemoryDiagnoser]
public class MailRenderBenchmark
{
    private static readonly DateTimeOffset Monday = new(2013, 3, 18, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Indicators = ["Number of trainings", "Number of participants", "Number of printed and distributed brochures"];

    private MailTemplates _templates = null!;
    private MailComposer _composer = null!;
    private MailModel _model = null!;
    private MailEnvelope _envelope = null!;
    private RenderedMail _rendered = null!;

    [Params(MailLanguages.English, MailLanguages.Montenegrin)]
    public string Language { get; set; } = MailLanguages.English;

    [GlobalSetup]
    public void Setup()
    {
        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        _templates = MailTemplates.Load(Path.Combine(Path.GetDirectoryName(RepoFiles.Workflows)!, "email-templates"));
        _composer = new MailComposer(mail, new FixedClock(Monday));
        var montenegrin = Language == MailLanguages.Montenegrin;
        _model = new MailModel
        {
            Institution = montenegrin ? "Ministarstvo zdravlja" : "Ministry of Health",
            Round = "2013-Q1",
            Items = [.. Enumerable.Range(1, 5).Select(n => new MailItem
            {
                Code = $"1.1.{n}",
                ActivityKey = $"prevention-and-education/1.1.{n}",
                Title = $"Training of labour inspectors and social workers in identifying victims of trafficking, part {n}",
                DueDate = new DateOnly(2013, 4, n),
                Indicators = Indicators[..(1 + (n % 3))],
            })],
            FormUrl = mail.FormUrl("q7Xk2pLmq7Xk2pLmq7Xk2p"),
            ReplyToken = "q7Xk2pLmq7Xk2pLmq7Xk2p",
            Office = new MailPerson(mail.OfficeName(Language), mail.FromAddress),
        };
        var thread = MailComposer.ThreadId("ministry-health", "2013-Q1", mail.ReplyDomain);
        _envelope = new MailEnvelope
        {
            Template = KnownTemplates.Digest,
            To = ["ministry-health.focal@example.org"],
            MessageId = "pw.1.1.0@planworkflows.local",
            ReplyToken = _model.ReplyToken,
            ThreadId = thread,
            References = [thread],
            Reminder = new ReminderEvent("ministry-health", "2013-Q1", _model.DueDate!.Value, [.. _model.Items.Select(i => i.Code)], $"{_model.Institution} – 2013-Q1"),
        };
        _rendered = _templates.Render(KnownTemplates.Digest, Language, _model);
    }

    [Benchmark]
    public RenderedMail Render() => _templates.Render(KnownTemplates.Digest, Language, _model);

    [Benchmark]
    public MimeMessage Compose() => _composer.Compose(_rendered, _envelope);

    [Benchmark]
    public MimeMessage RenderAndCompose() => _composer.Compose(_templates.Render(KnownTemplates.Digest, Language, _model), _envelope);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
