using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

/// <summary>
/// The Office's decisions on reports and the reports it enters for an institution, as both front-ends call them:
/// against a real SQLite database, each refusal with a clear message and nothing stored.
/// </summary>
public sealed class ReportReviewTests
{
    private static readonly Reviewer Office = new("Ana Office", "ana@office.example");

    /// <summary>Two half-year obligations of one institution on EDU 1.1.2 (the first reported and accepted), and one of another institution.</summary>
    private static async Task<(long H1, long H2, long Other)> SeedAsync(EngineFixture fixture)
    {
        await using var db = fixture.Create();
        db.Activities.Add(new ActivityRecord
        {
            Key = "education/1.1.2", AreaId = "education", AreaCode = "EDU", AreaTitle = "Education", Code = "1.1.2", Title = "Training of teachers",
            TimeframeText = "Twice a year", Indicators = "Number of trainings (at least 5); report published",
            IndicatorsJson = """[{"name":"Number of trainings","kind":"Count","target":5},{"name":"Report published","kind":"Text"}]""",
        });
        db.Activities.Add(new ActivityRecord { Key = "police/2.1.1", AreaId = "police", AreaCode = "POL", AreaTitle = "Police", Code = "2.1.1", Title = "Patrols" });
        db.Institutions.Add(new InstitutionRecord { Id = "ministry-education", NameEn = "Ministry of Education", NameCnr = "Ministarstvo prosvjete" });
        db.Institutions.Add(new InstitutionRecord { Id = "police-directorate", NameEn = "Police Directorate", NameCnr = "Uprava policije" });
        var h1 = Obligation("education/1.1.2", "ministry-education", "2013-H1", new DateOnly(2013, 6, 30), ObligationStatus.Accepted, fixture.Now);
        var h2 = Obligation("education/1.1.2", "ministry-education", "2013-H2", new DateOnly(2013, 12, 31), ObligationStatus.Pending, fixture.Now);
        var other = Obligation("police/2.1.1", "police-directorate", "2013-H1", new DateOnly(2013, 6, 30), ObligationStatus.Pending, fixture.Now);
        db.Obligations.AddRange(h1, h2, other);
        await db.SaveChangesAsync();
        db.Reports.Add(new Report
        {
            ObligationId = h1.Id, Version = 1, Status = ImplementationStatus.PartiallyImplemented, Narrative = "Two trainings.", IndicatorsJson = """{"Number of trainings":2}""",
            SubmittedBy = "focal", SubmittedAt = new DateTime(2013, 6, 20, 10, 0, 0, DateTimeKind.Utc), Review = ReviewOutcome.Accepted, ReviewedBy = "Ana Office",
        });
        await db.SaveChangesAsync();
        return (h1.Id, h2.Id, other.Id);
    }

    private static Obligation Obligation(string activity, string institution, string period, DateOnly due, ObligationStatus status, DateTime now) => new()
    {
        ActivityKey = activity, InstitutionId = institution, PeriodLabel = period, PeriodStart = due.AddMonths(-6).AddDays(1), PeriodEnd = due,
        NominalDue = due, DueDate = due, Status = status, CreatedAt = now, UpdatedAt = now,
    };

    private static async Task ReportAsync(EngineFixture fixture, long obligationId, string narrative, string indicators, string links = "")
    {
        await using var db = fixture.Create();
        var report = await PlanWorkflows.Core.Workflows.Runtime.WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, narrative, "form", "Marko Focal", fixture.Now);
        report.IndicatorsJson = indicators;
        report.EvidenceLinks = links;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Returning_needs_a_comment_and_a_refused_return_stores_nothing()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, _) = await SeedAsync(fixture);
        await ReportAsync(fixture, h2, "Five trainings.", """{"Number of trainings":5}""");

        await using var db = fixture.Create();
        var refused = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.ReturnAsync(db, h2, 1, "   ", Office, fixture.Now));
        Assert.Equal(ReviewProblem.CommentRequired, refused.Problem);
        Assert.Equal("comment", refused.Field);
        Assert.StartsWith("comment: a returned report needs a comment", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("komentar:", refused.Text.Cnr, StringComparison.Ordinal);

        await using var check = fixture.Create();
        Assert.Null((await check.Reports.SingleAsync(r => r.ObligationId == h2)).Review);
        Assert.Equal(ObligationStatus.Reported, (await check.Obligations.SingleAsync(o => o.Id == h2)).Status);
        Assert.Empty(check.Audit);
        Assert.DoesNotContain(check.Journal, j => j.Event == "returned");
    }

    [Fact]
    public async Task A_return_is_kept_with_its_version_audited_and_journalled()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, _) = await SeedAsync(fixture);
        await ReportAsync(fixture, h2, "Five trainings.", """{"Number of trainings":5}""");

        await using (var db = fixture.Create())
        {
            var result = await ReportReview.ReturnAsync(db, h2, 1, "Please attach the list of participants.", Office, fixture.Now);
            Assert.Equal((1, ReviewOutcome.Returned, false), (result.Version, result.Outcome, result.WorkflowResumed));
        }

        await using var check = fixture.Create();
        var report = await check.Reports.SingleAsync(r => r.ObligationId == h2);
        Assert.Equal((ReviewOutcome.Returned, "Ana Office", "Please attach the list of participants."), (report.Review, report.ReviewedBy, report.ReviewComment));
        // No workflow waits at a review step here, so the status says the decision at once.
        Assert.Equal(ObligationStatus.Returned, (await check.Obligations.SingleAsync(o => o.Id == h2)).Status);
        var audit = await check.Audit.SingleAsync();
        Assert.Equal(("ana@office.example", "report-returned", "Obligation", h2.ToString(System.Globalization.CultureInfo.InvariantCulture)), (audit.User, audit.Action, audit.Entity, audit.EntityId));
        Assert.Contains("\"status\":\"Reported\"", audit.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"review\":\"Returned\"", audit.AfterJson, StringComparison.Ordinal);
        Assert.Contains(check.Journal, j => j.ObligationId == h2 && j.Event == "returned" && j.Message == "report v1 returned by Ana Office: Please attach the list of participants.");
    }

    [Fact]
    public async Task Accepting_twice_is_refused_naming_who_decided()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, _) = await SeedAsync(fixture);
        await ReportAsync(fixture, h2, "Five trainings.", "{}");
        await using (var db = fixture.Create())
        {
            await ReportReview.AcceptAsync(db, h2, null, null, Office, fixture.Now);
        }

        await using (var db = fixture.Create())
        {
            var twice = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.AcceptAsync(db, h2, null, null, new Reviewer("Boris", "boris@office.example"), fixture.Now));
            Assert.Equal(ReviewProblem.AlreadyDecided, twice.Problem);
            Assert.Equal($"report v1 of obligation {h2} was already accepted by Ana Office on 2013-12-20", twice.Message);
            var back = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.ReturnAsync(db, h2, null, "More, please.", Office, fixture.Now));
            Assert.Equal(ReviewProblem.AlreadyDecided, back.Problem);
        }

        await using var check = fixture.Create();
        Assert.Equal("ana@office.example", (await check.Audit.SingleAsync()).User);
        Assert.Equal(ObligationStatus.Accepted, (await check.Obligations.SingleAsync(o => o.Id == h2)).Status);
    }

    [Fact]
    public async Task Unknown_obligations_missing_reports_and_old_versions_are_refused_with_what_is_wrong()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, other) = await SeedAsync(fixture);
        await ReportAsync(fixture, h2, "Four trainings.", "{}");
        await ReportAsync(fixture, h2, "Five trainings.", "{}");

        await using var db = fixture.Create();
        var unknown = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.AcceptAsync(db, 9999, null, null, Office, fixture.Now));
        Assert.Equal((ReviewProblem.UnknownObligation, "no obligation 9999"), (unknown.Problem, unknown.Message));
        var none = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.AcceptAsync(db, other, null, null, Office, fixture.Now));
        Assert.Equal((ReviewProblem.NoReport, $"obligation {other} has no report to review"), (none.Problem, none.Message));
        var old = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.AcceptAsync(db, h2, 1, null, Office, fixture.Now));
        Assert.Equal(ReviewProblem.Superseded, old.Problem);
        Assert.StartsWith($"version: report v1 of obligation {h2} was replaced by v2", old.Message, StringComparison.Ordinal);
        var future = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.AcceptAsync(db, h2, 7, null, Office, fixture.Now));
        Assert.Equal(ReviewProblem.UnknownVersion, future.Problem);

        await using var check = fixture.Create();
        Assert.Empty(check.Audit);
        Assert.All(check.Reports.Where(r => r.ObligationId == h2), r => Assert.Null(r.Review));
    }

    [Fact]
    public async Task A_report_received_on_paper_is_stored_as_the_next_version_marked_with_its_channel_and_who_entered_it()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, _) = await SeedAsync(fixture);
        var entry = new EnteredReport(h2, "paper", ImplementationStatus.Implemented, "Six trainings held; letter no. 01-123.", "Jelena Petrović")
        {
            Indicators = new Dictionary<string, string> { ["number of trainings"] = "6", ["Report published"] = "yes, on the ministry's site" },
            EvidenceLinks = "https://mps.gov.me/report-2013\n",
            Files = [new EnteredFile("../../letter.pdf", "application/pdf", "%PDF-1.4 letter"u8.ToArray())],
        };

        await using (var db = fixture.Create())
        {
            var report = await ReportReview.RecordAsync(db, entry, Office, fixture.Now);
            Assert.Equal(1, report.Version);
        }

        await using var check = fixture.Create();
        var stored = await check.Reports.SingleAsync(r => r.ObligationId == h2);
        Assert.Equal(("paper", "Jelena Petrović", "Ana Office"), (stored.Channel, stored.SubmittedBy, stored.RecordedBy));
        Assert.Equal(new Dictionary<string, string> { ["Number of trainings"] = "6", ["Report published"] = "yes, on the ministry's site" }, ReportInbox.Values(stored.IndicatorsJson));
        Assert.Equal("https://mps.gov.me/report-2013", stored.EvidenceLinks);
        Assert.Equal("letter.pdf", (await check.Evidence.SingleAsync()).FileName);
        Assert.Equal(ObligationStatus.Reported, (await check.Obligations.SingleAsync(o => o.Id == h2)).Status);
        Assert.Equal("report-recorded", (await check.Audit.SingleAsync()).Action);
        Assert.Contains(check.Journal, j => j.Event == "report-recorded" && j.Message == "report v1 received by paper from Jelena Petrović, entered by Ana Office");
    }

    [Theory]
    [InlineData("fax", "Jelena", "Number of trainings", "6", "", ReviewProblem.BadChannel, "channel: 'fax' is not one of paper, phone")]
    [InlineData("phone", " ", "Number of trainings", "6", "", ReviewProblem.ReporterRequired, "submittedBy: name the person at the institution who gave the report")]
    [InlineData("phone", "Jelena", "Number of trainings", "several", "", ReviewProblem.BadIndicator, "indicators: \"Number of trainings\" is a count; \"several\" is not a number")]
    [InlineData("phone", "Jelena", "Number of cars", "6", "", ReviewProblem.BadIndicator, "indicators: \"Number of cars\" is not an indicator of EDU 1.1.2")]
    [InlineData("phone", "Jelena", "Number of trainings", "6", "https://ok.me\njavascript:alert(1)", ReviewProblem.BadLink, "evidenceLinks, line 2: \"javascript:alert(1)\" is not an http(s) address")]
    public async Task A_bad_entry_is_refused_naming_the_field_and_stores_nothing(string channel, string by, string indicator, string value, string links, ReviewProblem problem, string message)
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, _) = await SeedAsync(fixture);
        await using (var db = fixture.Create())
        {
            var entry = new EnteredReport(h2, channel, ImplementationStatus.Implemented, "By phone.", by) { Indicators = new Dictionary<string, string> { [indicator] = value }, EvidenceLinks = links };
            var refused = await Assert.ThrowsAsync<ReviewException>(() => ReportReview.RecordAsync(db, entry, Office, fixture.Now));
            Assert.Equal((problem, message), (refused.Problem, refused.Message));
        }

        await using var check = fixture.Create();
        Assert.False(await check.Reports.AnyAsync(r => r.ObligationId == h2));
        Assert.Empty(check.Audit);
        Assert.Equal(ObligationStatus.Pending, (await check.Obligations.SingleAsync(o => o.Id == h2)).Status);
    }

    [Fact]
    public async Task The_inbox_lists_new_returned_and_resubmitted_reports_by_filter()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (h1, h2, other) = await SeedAsync(fixture);
        await ReportAsync(fixture, h2, "Four trainings.", "{}");
        await ReportAsync(fixture, other, "Patrols done.", "{}");

        await using (var db = fixture.Create())
        {
            var open = await ReportInbox.ListAsync(db, new InboxFilter());
            Assert.Equal([(h2, InboxState.New), (other, InboxState.New)], open.Select(r => (r.ObligationId, r.State)).OrderBy(r => r.Item1));
            var row = open.Single(r => r.ObligationId == h2);
            Assert.Equal(("EDU 1.1.2", "Ministry of Education", "Ministarstvo prosvjete", "2013-H2"), (row.Reference, row.InstitutionNameEn, row.InstitutionNameCnr, row.Period));
            Assert.Equal([other], (await ReportInbox.ListAsync(db, new InboxFilter { AreaId = "police" })).Select(r => r.ObligationId));
            Assert.Equal([h2], (await ReportInbox.ListAsync(db, new InboxFilter { InstitutionId = "ministry-education" })).Select(r => r.ObligationId));
            Assert.Equal([other], (await ReportInbox.ListAsync(db, new InboxFilter { Period = "2013-H1" })).Select(r => r.ObligationId));
            Assert.Equal([h1], (await ReportInbox.ListAsync(db, new InboxFilter { States = [InboxState.Accepted] })).Select(r => r.ObligationId));

            await ReportReview.ReturnAsync(db, h2, 1, "Which trainings?", Office, fixture.Now);
            Assert.Equal([h2], (await ReportInbox.ListAsync(db, new InboxFilter { States = [InboxState.Returned] })).Select(r => r.ObligationId));
        }

        await ReportAsync(fixture, h2, "Four trainings: Podgorica, Bar, Nikšić, Bijelo Polje.", "{}");
        await using (var db = fixture.Create())
        {
            var resubmitted = Assert.Single(await ReportInbox.ListAsync(db, new InboxFilter { States = [InboxState.Resubmitted] }));
            Assert.Equal((h2, 2), (resubmitted.ObligationId, resubmitted.Version));
            Assert.Equal(["2013-H1", "2013-H2"], (await ReportInbox.ChoicesAsync(db)).Periods);
        }
    }

    [Fact]
    public async Task A_report_shows_each_indicator_beside_its_target_and_earlier_values_and_what_changed_between_versions()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 12, 20, 9, 0, 0, TimeSpan.Zero));
        var (_, h2, other) = await SeedAsync(fixture);
        await ReportAsync(fixture, h2, "Four trainings.", """{"Number of trainings":4}""");
        await using (var db = fixture.Create())
        {
            await ReportReview.ReturnAsync(db, h2, 1, "Attach the agenda.", Office, fixture.Now);
        }

        await ReportAsync(fixture, h2, "Four trainings, agenda attached.", """{"Number of trainings":"5","Report published":"yes"}""", "https://mps.gov.me/agenda");

        await using var check = fixture.Create();
        var details = await ReportInbox.DetailsAsync(check, h2);
        Assert.NotNull(details);
        Assert.Equal(("EDU 1.1.2", "Training of teachers", "Education", "Ministry of Education"), (details.Reference, details.ActivityTitle, details.AreaTitle, details.InstitutionNameEn));
        Assert.Equal((InboxState.Resubmitted, true), (details.State, details.CanDecide));
        var trainings = details.Indicators[0];
        Assert.Equal(("Number of trainings", 5m, "5"), (trainings.Name, trainings.Target, trainings.Value));
        Assert.Equal([new PreviousValue("2013-H1", new DateOnly(2013, 6, 30), 1, "2")], trainings.Previous);
        Assert.Equal([2, 1], details.Versions.Select(v => v.Version));
        Assert.Equal((ReviewOutcome.Returned, "Attach the agenda."), (details.Versions[1].Review, details.Versions[1].ReviewComment));
        Assert.Equal(
            [
                new VersionChange("narrative", null, "Four trainings.", "Four trainings, agenda attached."),
                new VersionChange("indicator", "Number of trainings", "4", "5"),
                new VersionChange("indicator", "Report published", null, "yes"),
                new VersionChange("links", null, string.Empty, "https://mps.gov.me/agenda"),
            ],
            details.Latest!.Changes);
        var none = await ReportInbox.DetailsAsync(check, other);
        Assert.Equal((0, null, null, true), (none!.Versions.Count, none.State, none.Latest, none.TakesReports));
        Assert.Null(await ReportInbox.DetailsAsync(check, 9999));
    }
}
