using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Leaks;

/// <summary>
/// The meeting pack and the report to the Government for the shipped plan, in Montenegrin and in Cyrillic, name the
/// plan's areas, activities and indicators in Montenegrin, with the reports' values under the Montenegrin labels.
/// </summary>
public sealed class MontenegrinPackLeakTests : IDisposable
{
    private static readonly string CataloguePath = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");
    private readonly EngineFixture _fixture = new(new DateTimeOffset(2013, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PlanCatalogue _catalogue = CatalogueYaml.Load(CataloguePath);

    public static TheoryData<string> Languages => [MailLanguages.Montenegrin, MailLanguages.MontenegrinCyrillic];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_pack_and_the_Government_report_for_the_shipped_plan_carry_no_English_catalogue_text(string language)
    {
        var text = PlanText.LoadBeside(_catalogue, CataloguePath, MailLanguages.Montenegrin);
        await _fixture.PublishAsync(EngineFixture.Ladder);
        await _fixture.SyncAsync(_catalogue);
        // One report with a count under each of an activity's indicators, so the pack's values and indicator table have names.
        var activity = _catalogue.Activities.First(a => a.IndicatorList.Count > 1 && a.IndicatorList.Any(i => i.Kind == IndicatorKind.Count));
        await using (var db = _fixture.Create())
        {
            var obligation = await db.Obligations.FirstAsync(o => o.ActivityKey == activity.Key);
            var report = await WorkflowEngine.SubmitReportAsync(db, obligation.Id, ImplementationStatus.PartiallyImplemented, "Održane su dvije obuke.", "form", "Marija Njegoš", _fixture.Now);
            await db.SaveChangesAsync();
            report.IndicatorsJson = JsonSerializer.Serialize(activity.IndicatorList.ToDictionary(i => i.Name, _ => "12"));
            await db.SaveChangesAsync();
        }

        var leaks = EnglishLeaks.Of(_catalogue, RealCatalogue.Directory, text);
        var found = new List<string>();
        await using (var db = _fixture.Create())
        {
            var pack = PackBuilder.Load(db, _fixture.Calendar, new DateOnly(2013, 3, 14), new DateOnly(2012, 12, 13), language, text: text);
            var period = new ReportPeriod("2012-H2", new DateOnly(2012, 7, 1), new DateOnly(2012, 12, 31), language);
            var report = PackBuilder.LoadReport(db, _fixture.Calendar, period, language, assembledAt: _fixture.Now, text: text);
            foreach (var (name, data) in new[] { ("pack", pack), ("report", report) })
            {
                Assert.Equal(language, data.Language);
                var html = HtmlPackWriter.Write(data);
                found.AddRange(leaks.English(html, $"{language} {name}"));
                if (name == "pack" && !html.Contains(text.IndicatorLabels(activity.Key, activity.IndicatorList, language)[0], StringComparison.Ordinal))
                {
                    found.Add($"{language} {name}: no indicator of {activity.Key} under its Montenegrin label");
                }

                if (language == MailLanguages.MontenegrinCyrillic)
                {
                    // Timeframes are not in the translation file yet: the plan's wording stays as written (a known gap, not checked here).
                    found.AddRange(EnglishLeaks.Latin(html, $"{language} {name}", [.. _catalogue.Activities.Select(a => PackBuilder.Clean(a.Timeframe.Text))]));
                }
            }
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found.Take(40)));
    }

    public void Dispose() => _fixture.Dispose();
}
