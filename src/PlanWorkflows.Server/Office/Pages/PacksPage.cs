using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Server.Office.Components;
using PlanWorkflows.Server.Office.Components.Pages;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>The pack archive's downloads and builds (the page is <see cref="Packs"/>). Office and secretary.</summary>
public static partial class PacksPage
{
    public const string Path = Packs.Path;

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/packs/{date}/{file}", Download).RequireAuthorization(OfficePolicies.Secretary);
        group.MapPost("/packs/build", BuildAsync).RequireAuthorization(OfficePolicies.Secretary);
    }

    [GeneratedRegex(@"^pack-(\d{4}-\d{2}-\d{2})-(en|cnr)\.(docx|xlsx|html|png)$")]
    private static partial Regex PackFile();

    private static IResult Download(string date, string file, PackArchiver archiver)
    {
        // Only names the archive itself writes: nothing else under (or outside) the folder can be asked for.
        var match = PackFile().Match(file);
        if (!match.Success || match.Groups[1].Value != date || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var meeting))
        {
            return Results.NotFound();
        }

        var path = System.IO.Path.Combine(archiver.FolderOf(meeting), file);
        if (!File.Exists(path))
        {
            return Results.NotFound();
        }

        var type = match.Groups[3].Value switch
        {
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "html" => "text/html; charset=utf-8",
            _ => "image/png",
        };
        // Always a download, never shown inline: the HTML carries institutions' own text.
        return Results.File(path, type, file);
    }

    private static async Task<IResult> BuildAsync(HttpContext http, Func<PlanDbContext> createContext, PackArchiver archiver, WorkingDayCalendar calendar, MailOptions mail, IStringLocalizer<OfficeText> l)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var errors = new List<string>();
        var meetingText = form["meeting"].ToString();
        var previousText = form["previous"].ToString();
        var lang = form["lang"].ToString();
        if (!DateOnly.TryParseExact(meetingText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var meeting))
        {
            errors.Add(l["Packs.MeetingRequired"]);
        }

        DateOnly? previous = null;
        if (previousText.Length > 0)
        {
            if (DateOnly.TryParseExact(previousText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var p) && p < meeting)
            {
                previous = p;
            }
            else
            {
                errors.Add(l["Packs.PreviousBefore"]);
            }
        }

        if (lang is not (MailLanguages.English or MailLanguages.Montenegrin))
        {
            errors.Add(l["Packs.LanguageWrong"]);
        }

        if (errors.Count > 0)
        {
            return OfficePages.Render<Packs>(StatusCodes.Status422UnprocessableEntity, new Dictionary<string, object?> { [nameof(Packs.Errors)] = errors });
        }

        await using var db = createContext();
        previous ??= await db.Obligations.AsNoTracking()
            .Where(o => o.Kind == ObligationKind.Meeting && !o.Removed && o.DueDate < meeting)
            .MaxAsync(o => (DateOnly?)o.DueDate, http.RequestAborted).ConfigureAwait(false);
        object Files() => archiver.Files(meeting, lang).Select(f => new { file = System.IO.Path.GetFileName(f), bytes = new FileInfo(f).Length, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) }).ToList();

        // The pack is files, not rows: it is built outside the transaction so the database is not held while the
        // documents are written, and the audit row follows with the archive as it was before and is now.
        var before = Files();
        var pack = PackBuilder.Load(db, calendar, meeting, previous, lang, TimeZoneInfo.FindSystemTimeZoneById(mail.TimeZone));
        PackFiles.Write(pack, archiver.FolderOf(meeting));
        // The service runs on after the build: its memory goes back, as after the archiver's builds.
        PackFiles.ReleaseMemory();
        await OfficeAudit.ChangeAsync(db, r.Who, "pack-built", "Pack", $"{PackBuilder.Date(meeting)}-{lang}", r.Now,
            () => Task.FromResult<object?>(before), () => Task.CompletedTask, () => Task.FromResult<object?>(Files()), http.RequestAborted).ConfigureAwait(false);
        return OfficeLayout.Done(Path, "built");
    }
}
