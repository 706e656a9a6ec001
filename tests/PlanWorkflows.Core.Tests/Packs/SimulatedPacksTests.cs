using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Simulation;

namespace PlanWorkflows.Core.Tests.Packs;

public sealed class SimulatedPacksTests : IDisposable
{
    private static readonly string Catalogue = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");
    private readonly string _root = Directory.CreateTempSubdirectory("simulated-packs-").FullName;

    private static readonly MeetingPlan Meetings = new(
        [
            new MeetingEntry(new DateOnly(2013, 3, 14), null, new TimeOnly(10, 0), 120, null, "test"),
            new MeetingEntry(new DateOnly(2013, 6, 13), "cnr", new TimeOnly(10, 0), 120, null, "test"),
            // Before the simulated window: no pack.
            new MeetingEntry(new DateOnly(2012, 12, 13), null, new TimeOnly(10, 0), 120, null, "test"),
        ],
        GovernmentReport.Periods(PlanWindow.Of(CatalogueYaml.Load(Catalogue)), new GovernmentReportOptions()));

    private Task<SimulationResult> RunAsync(string name) => new PlanSimulator().RunAsync(new SimulationOptions
    {
        CataloguePath = Catalogue, OutputFolder = Path.Combine(_root, name), Replies = ReplyMode.Realistic, Seed = 7,
        From = new DateOnly(2013, 1, 2), To = new DateOnly(2013, 7, 12), Meetings = Meetings,
        TemplatesFolder = RepoPaths.Combine("email-templates"),
    });

    private static IReadOnlyList<string> Relative(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Simulate_archives_every_meetings_pack_and_the_report_under_packs_the_same_for_the_same_seed()
    {
        var first = await RunAsync("a");
        var second = await RunAsync("b");

        var packs = Path.Combine(_root, "a", PlanSimulator.PacksFolderName);
        var files = Relative(packs);
        Assert.Equal(
        [
            "2013-03-14/invitation-2013-03-14.ics",
            "2013-03-14/pack-2013-03-14-en.docx", "2013-03-14/pack-2013-03-14-en.html", "2013-03-14/pack-2013-03-14-en.png", "2013-03-14/pack-2013-03-14-en.xlsx",
            "2013-06-13/invitation-2013-06-13.ics",
            "2013-06-13/pack-2013-06-13-cnr.docx", "2013-06-13/pack-2013-06-13-cnr.html", "2013-06-13/pack-2013-06-13-cnr.png", "2013-06-13/pack-2013-06-13-cnr.xlsx",
            "government-report-2013-H1/government-report-2013-H1-cnr.docx", "government-report-2013-H1/government-report-2013-H1-cnr.html",
            "government-report-2013-H1/government-report-2013-H1-cnr.png", "government-report-2013-H1/government-report-2013-H1-cnr.xlsx",
        ], files);
        Assert.Equal(3, first.Packs);
        Assert.Equal(first with { WallSeconds = 0 }, second with { WallSeconds = 0 });

        // Byte for byte the same archive from the same seed.
        var again = Path.Combine(_root, "b", PlanSimulator.PacksFolderName);
        Assert.Equal(files, Relative(again));
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(packs, f)), File.ReadAllBytes(Path.Combine(again, f))));

        using (var document = WordprocessingDocument.Open(Path.Combine(packs, "2013-06-13", "pack-2013-06-13-cnr.docx"), false))
        {
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
            Assert.Contains(PackLabels.Montenegrin.Title, document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
            // By June the simulated institutions have reported: the pack is not empty.
            Assert.Contains("Realizovano", document.MainDocumentPart.Document.Body.InnerText, StringComparison.Ordinal);
        }

        // The secretary's and the Office's mails went out with the packs attached.
        var mails = Directory.GetFiles(Path.Combine(_root, "a", PlanSimulator.MailFolderName)).Select(Path.GetFileName).ToList();
        Assert.Equal(2, mails.Count(m => m!.EndsWith("-pack-ready.eml", StringComparison.Ordinal)));
        Assert.Single(mails, m => m!.EndsWith("-report-ready.eml", StringComparison.Ordinal));
        Assert.Equal(2, mails.Count(m => m!.EndsWith("-meeting-invitation.eml", StringComparison.Ordinal)));
        Assert.InRange(first.WallSeconds, 0.01, 120);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
