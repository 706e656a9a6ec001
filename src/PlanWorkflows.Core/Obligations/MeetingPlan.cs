using System.Globalization;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Core.Obligations;

/// <summary>One Working Group meeting: its date, the pack's language (null: the workflow's), and what the members' invitation says.</summary>
public sealed record MeetingEntry(DateOnly Date, string? Language, TimeOnly Start, int DurationMinutes, string? Location, string Source);

/// <summary>A half-year of the semiannual report to the Government, labelled <c>2012-H2</c>.</summary>
public sealed record ReportPeriod(string Label, DateOnly Start, DateOnly End, string? Language)
{
    /// <summary>The archive folder and file stem of the report.</summary>
    public string Name => $"{GovernmentReport.FolderPrefix}{Label}";
}

/// <summary>
/// The meetings and report periods packs are made for: the dates of the <c>Meetings</c> section merged with the
/// ad-hoc meetings of the meetings file (<c>workflows/meetings.yaml</c>; an entry there wins for its date), and
/// the semiannual report periods of the plan.
/// </summary>
public sealed class MeetingPlan
{
    public const string FileName = "meetings.yaml";

    public MeetingPlan(IEnumerable<MeetingEntry> meetings, IEnumerable<ReportPeriod> reports)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(reports);
        Meetings = [.. meetings.GroupBy(m => m.Date).Select(g => g.Last()).OrderBy(m => m.Date)];
        Reports = [.. reports.OrderBy(r => r.End)];
    }

    public static MeetingPlan Empty { get; } = new([], []);

    public IReadOnlyList<MeetingEntry> Meetings { get; }

    public IReadOnlyList<ReportPeriod> Reports { get; }

    public IReadOnlyList<DateOnly> Dates => [.. Meetings.Select(m => m.Date)];

    public MeetingEntry? Meeting(DateOnly date) => Meetings.FirstOrDefault(m => m.Date == date);

    public ReportPeriod? ReportEnding(DateOnly end) => Reports.FirstOrDefault(r => r.End == end);

    /// <summary>
    /// The configured meetings, then the meetings file's (when <paramref name="meetingsFile"/> exists), and the report
    /// periods of the plan (<see cref="GovernmentReport.Periods"/>). Meetings before the plan's adoption are left out:
    /// there was no plan in force to monitor, and their packs would list nothing but obligations not yet owed.
    /// </summary>
    public static MeetingPlan Build(MeetingOptions options, string? meetingsFile, PlanWindow window, GovernmentReportOptions? reports = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(window);
        var start = options.ParseStartTime();
        var configured = options.Parse().Select(d => new MeetingEntry(d, options.Language, start, options.DurationMinutes, options.Location, MeetingOptions.SectionName));
        var adHoc = meetingsFile is not null && File.Exists(meetingsFile) ? ParseFile(File.ReadAllText(meetingsFile), meetingsFile, options) : [];
        var periods = reports is { Enabled: false } ? [] : GovernmentReport.Periods(window, reports ?? new GovernmentReportOptions());
        return new MeetingPlan(configured.Concat(adHoc).Where(m => m.Date >= window.Adopted), periods);
    }

    /// <summary>
    /// Reads a meetings file: <c>meetings:</c>, a list of entries with <c>date</c> (yyyy-MM-dd) and optionally
    /// <c>language</c> (en, cnr, cnr-Cyrl), <c>time</c> (HH:mm), <c>duration</c> (minutes) and <c>location</c>.
    /// </summary>
    public static IReadOnlyList<MeetingEntry> ParseFile(string yaml, string source, MeetingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var stream = YamlSource.Load(yaml, source);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ImportException(source, (int)stream.Documents[0].RootNode.Start.Line, "expected 'meetings:' followed by a list of meetings");
        }

        var result = new List<MeetingEntry>();
        var seen = new Dictionary<DateOnly, int>();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key != "meetings")
            {
                throw new ImportException(source, (int)keyNode.Start.Line, $"unknown key '{key}'; expected 'meetings'");
            }

            if (valueNode is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            if (valueNode is not YamlSequenceNode list)
            {
                throw new ImportException(source, (int)valueNode.Start.Line, "'meetings' must be a list");
            }

            foreach (var item in list.Children)
            {
                var entry = Entry(item, source, defaults);
                if (seen.TryGetValue(entry.Date, out var first))
                {
                    throw new ImportException(source, (int)item.Start.Line, $"meeting {entry.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is listed twice (first at line {first})");
                }

                seen[entry.Date] = (int)item.Start.Line;
                result.Add(entry);
            }
        }

        return result;
    }

    private static MeetingEntry Entry(YamlNode node, string source, MeetingOptions defaults)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ImportException(source, (int)node.Start.Line, "a meeting must be a mapping with at least 'date'");
        }

        DateOnly? date = null;
        var language = defaults.Language;
        var start = defaults.ParseStartTime();
        var duration = defaults.DurationMinutes;
        var location = defaults.Location;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var line = (int)valueNode.Start.Line;
            var value = (valueNode as YamlScalarNode)?.Value?.Trim()
                ?? throw new ImportException(source, line, $"'{key}' must be a single value");
            switch (key)
            {
                case "date":
                    date = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                        ? d
                        : throw new ImportException(source, line, $"date: '{value}' is not a date as yyyy-MM-dd");
                    break;
                case "language":
                    language = MailLanguages.Canonical(value)
                        ?? throw new ImportException(source, line, $"language: '{value}' must be one of {MailLanguages.Choices}");
                    break;
                case "time":
                    start = TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                        ? t
                        : throw new ImportException(source, line, $"time: '{value}' is not a time as HH:mm");
                    break;
                case "duration":
                    duration = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is > 0 and <= 24 * 60
                        ? minutes
                        : throw new ImportException(source, line, $"duration: '{value}' must be minutes between 1 and 1440");
                    break;
                case "location":
                    location = value;
                    break;
                default:
                    throw new ImportException(source, (int)keyNode.Start.Line, $"unknown key '{key}'; expected date, language, time, duration or location");
            }
        }

        return date is { } found
            ? new MeetingEntry(found, language, start, duration, location, $"{source}:{node.Start.Line}")
            : throw new ImportException(source, (int)node.Start.Line, "a meeting needs a 'date'");
    }
}
