using System.Globalization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Server.Office.Components;
using PlanWorkflows.Server.Office.Components.Pages.Reports;

namespace PlanWorkflows.Server.Office.Reports;

/// <summary>
/// The Office's decisions on a report page: accept, return with a comment, enter a report received on paper or by
/// phone. Office only (any other role is answered 403), antiforgery-checked by the Office group; each calls the same
/// Core command as the <c>reports review</c> verb, and a refusal sends the page back with what is wrong.
/// </summary>
public static class ReportEndpoints
{
    private const long MaxEntryBytes = 50L * 1024 * 1024;

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/reports/{id:long}/accept", (long id, HttpContext http, Func<PlanDbContext> createContext) => DecideAsync(id, ReviewOutcome.Accepted, http, createContext))
            .RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/reports/{id:long}/return", (long id, HttpContext http, Func<PlanDbContext> createContext) => DecideAsync(id, ReviewOutcome.Returned, http, createContext))
            .RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/reports/{id:long}/record", RecordAsync).RequireAuthorization(OfficePolicies.Office)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxEntryBytes));
    }

    private static async Task<IResult> DecideAsync(long id, ReviewOutcome outcome, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = OfficeRequest.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        int? version = null;
        if (form["version"].ToString() is { Length: > 0 } written)
        {
            if (!int.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Refused(id, StatusCodes.Status422UnprocessableEntity, r, new("version: a number is required", "verzija: potreban je broj"));
            }

            version = parsed;
        }

        await using var db = createContext();
        try
        {
            await ReportReview.DecideAsync(db, id, version, outcome, form["comment"].ToString(), new Reviewer(r.Who, r.Who), r.Now, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ReviewException e)
        {
            return Refused(id, e.Problem == ReviewProblem.UnknownObligation ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity, r, e.Text);
        }

        return OfficeLayout.Done(ReportPage.Link(id), outcome == ReviewOutcome.Accepted ? "accepted" : "returned");
    }

    private static async Task<IResult> RecordAsync(long id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = OfficeRequest.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        if (!Enum.TryParse<ImplementationStatus>(form["status"], out var status) || !Enum.IsDefined(status))
        {
            return Refused(id, StatusCodes.Status422UnprocessableEntity, r, new("status: choose one", "status: izaberite jedan"));
        }

        var indicators = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; form.ContainsKey($"indicatorName{i}"); i++)
        {
            indicators[form[$"indicatorName{i}"].ToString()] = form[$"indicator{i}"].ToString();
        }

        var files = new List<EnteredFile>();
        foreach (var file in form.Files.GetFiles("files").Where(f => f.Length > 0 || f.FileName.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            files.Add(new EnteredFile(file.FileName, file.ContentType, buffer.ToArray()));
        }

        var entry = new EnteredReport(id, form["channel"].ToString(), status, form["narrative"].ToString(), form["submittedBy"].ToString())
        {
            Indicators = indicators,
            EvidenceLinks = form["evidenceLinks"].ToString().Replace("\r", string.Empty, StringComparison.Ordinal),
            Files = files,
        };
        await using var db = createContext();
        try
        {
            await ReportReview.RecordAsync(db, entry, new Reviewer(r.Who, r.Who), r.Now, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ReviewException e)
        {
            return Refused(id, e.Problem == ReviewProblem.UnknownObligation ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity, r, e.Text);
        }

        return OfficeLayout.Done(ReportPage.Link(id), "recorded");
    }

    private static IResult Refused(long id, int status, OfficeRequest r, Core.Vocabulary.BilingualText message) =>
        OfficePages.Render<ReportPage>(status, new Dictionary<string, object?>
        {
            [nameof(ReportPage.ObligationId)] = id,
            [nameof(ReportPage.Errors)] = new[] { ReportText.For(message, r.Language) },
        });
}
