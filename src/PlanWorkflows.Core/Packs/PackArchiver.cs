using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// Turns the meeting workflows' pack requests into archived packs, one folder per meeting, and tells the
/// <c>pack-ready</c> mail what to carry: the files when they are small enough, else a link to the archive.
/// A request is built once (its status becomes <c>Built</c>); the archive keeps what the secretary received.
/// </summary>
public sealed class PackArchiver(Func<PlanDbContext> createContext, WorkingDayCalendar calendar, PackOptions options, TimeZoneInfo? timeZone = null)
{
    public const string Requested = "Requested";
    public const string Built = "Built";
    public const string Template = "pack-ready";

    /// <summary>Builds every requested pack; returns the folders written.</summary>
    public IReadOnlyList<string> BuildRequested()
    {
        using var db = createContext();
        var requests = db.PackRequests.Where(r => r.Status == Requested).OrderBy(r => r.Id).ToList();
        var written = new List<string>();
        foreach (var request in requests)
        {
            var previous = db.Obligations.AsNoTracking()
                .Where(o => o.ActivityKey == MeetingSync.ActivityKey && !o.Removed && o.DueDate < request.MeetingDate)
                .Select(o => (DateOnly?)o.DueDate).Max();
            var pack = PackBuilder.Load(db, calendar, request.MeetingDate, previous, request.Language, timeZone);
            var folder = FolderOf(request.MeetingDate);
            PackFiles.Write(pack, folder);
            request.Status = Built;
            // Saved per request: a crash after the files are written rebuilds the same bytes, never sends twice.
            db.SaveChanges();
            written.Add(folder);
        }

        return written;
    }

    public string FolderOf(DateOnly meeting) => Path.GetFullPath(Path.Combine(options.ArchiveFolder, PackBuilder.Date(meeting)));

    /// <summary>The archived files of a meeting in one language, in name order; empty when not built.</summary>
    public IReadOnlyList<string> Files(DateOnly meeting, string language)
    {
        var folder = FolderOf(meeting);
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, $"pack-{PackBuilder.Date(meeting)}-{language}.*").Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>
    /// Adds the meeting and the pack (attachments or link) to the models of queued <c>pack-ready</c> rows, building
    /// what was requested first, so a mail never leaves before its pack exists. Called by the outbox just before composing.
    /// </summary>
    public void Prepare(IReadOnlyList<OutboxMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var packRows = rows.Where(r => r.Template == Template).ToList();
        if (packRows.Count == 0)
        {
            return;
        }

        BuildRequested();
        using var db = createContext();
        foreach (var row in packRows)
        {
            var request = row.InstanceId is { } instanceId
                ? db.PackRequests.AsNoTracking().Where(r => r.InstanceId == instanceId && r.Status == Built).OrderByDescending(r => r.Id).FirstOrDefault()
                : null;
            if (request is null)
            {
                continue;
            }

            var model = JsonNode.Parse(row.ModelJson) as JsonObject ?? [];
            model["meeting"] = PackBuilder.Date(request.MeetingDate);
            model["meetingDate"] = PackBuilder.Date(request.MeetingDate);
            var files = Files(request.MeetingDate, request.Language);
            model["packFolder"] = FolderOf(request.MeetingDate);
            var total = files.Sum(f => new FileInfo(f).Length);
            if (files.Count > 0 && total <= options.MaxAttachmentBytes)
            {
                model["attachments"] = new JsonArray([.. files.Select(f => (JsonNode)JsonValue.Create(f))]);
            }
            else
            {
                model.Remove("attachments");
            }

            if (!string.IsNullOrWhiteSpace(options.DownloadBaseUrl))
            {
                model["packUrl"] = $"{options.DownloadBaseUrl.TrimEnd('/')}/{PackBuilder.Date(request.MeetingDate)}/";
            }

            row.ModelJson = model.ToJsonString();
        }
    }
}
