using PlanWorkflows.Core.Replies;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Mail;

/// <summary>One mail that stands for several queued reminder rows of the same institution, round, recipients and day.</summary>
public sealed record Digest(
    string Template,
    string Language,
    string InstitutionId,
    string Round,
    DateOnly Day,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<long> RowIds,
    MailModel Model)
{
    public ReminderEvent Reminder => new(InstitutionId, Round, Model.DueDate ?? Day, [.. Model.Items.Select(i => i.Code)], $"{Model.Institution} – {PeriodLabels.Name(Round, Language)}");
}

/// <summary>
/// Groups queued reminder-type outbox rows (first-reminder, final-reminder, overdue-notice, digest) so an
/// institution hears once per round: rows with the same template, institution, round, recipients and day in
/// the plan's time zone become one digest. Other templates are left for sending one by one.
/// </summary>
public sealed class DigestBuilder
{
    private readonly MailOptions _options;
    private readonly Func<string, IReadOnlyList<CatalogueIndicator>> _indicators;
    private readonly Func<string> _newToken;
    private readonly Func<IReadOnlyCollection<LastReportKey>, IReadOnlyDictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)>> _lastReports;
    private readonly TimeZoneInfo _zone;
    private readonly Schedules.WorkingDayCalendar? _calendar;
    private readonly PlanText? _text;

    /// <param name="indicators">The catalogue's indicators text for an activity key, split by <see cref="IndicatorRule"/>.</param>
    /// <param name="newToken">Makes the reply token of a digest; by default 22 random URL-safe characters.</param>
    /// <param name="lastReport">What the institution last reported on an activity before a due date, if anything; asked once per item.</param>
    /// <param name="lastReports">The same for all of a build's items at once (one database round trip); used instead of <paramref name="lastReport"/>.</param>
    public DigestBuilder(MailOptions options, Func<string, string> indicators, Func<string>? newToken = null,
        Func<string, string, DateOnly, (ImplementationStatus Status, DateOnly Date)?>? lastReport = null,
        Schedules.WorkingDayCalendar? calendar = null,
        Func<IReadOnlyCollection<LastReportKey>, IReadOnlyDictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)>>? lastReports = null,
        PlanText? text = null)
        : this(options, Catalogue(indicators), newToken, lastReport, calendar, lastReports, text)
    {
    }

    /// <param name="indicators">The catalogue's indicators of an activity key, as split (and corrected) in the catalogue.</param>
    /// <param name="text">The catalogue's text in the other languages: a Montenegrin mail shows the activities' titles, areas and indicators in Montenegrin. Null: as queued (English).</param>
    public DigestBuilder(MailOptions options, Func<string, IReadOnlyList<CatalogueIndicator>> indicators, Func<string>? newToken = null,
        Func<string, string, DateOnly, (ImplementationStatus Status, DateOnly Date)?>? lastReport = null,
        Schedules.WorkingDayCalendar? calendar = null,
        Func<IReadOnlyCollection<LastReportKey>, IReadOnlyDictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)>>? lastReports = null,
        PlanText? text = null)
    {
        _calendar = calendar;
        _text = text;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(indicators);
        _options = options;
        _indicators = indicators;
        _newToken = newToken ?? ReplyTokens.NewToken;
        _lastReports = lastReports ?? (lastReport is null ? (_ => new Dictionary<LastReportKey, (ImplementationStatus, DateOnly)>()) : keys => OneByOne(keys, lastReport));
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    private static Func<string, IReadOnlyList<CatalogueIndicator>> Catalogue(Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return key => IndicatorRule.Split(text(key));
    }

    /// <summary>The catalogue's indicators by activity key, as mails, forms and the parser use them.</summary>
    public static Func<string, IReadOnlyList<CatalogueIndicator>> IndicatorsOf(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var byKey = catalogue.Activities.ToDictionary(a => a.Key, a => (IReadOnlyList<CatalogueIndicator>)a.IndicatorList, StringComparer.Ordinal);
        return key => byKey.GetValueOrDefault(key) ?? [];
    }

    public IReadOnlyList<Digest> Build(IReadOnlyList<OutboxMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var candidates = rows
            .Where(r => r.Status == OutboxStatus.Queued && MailComposer.IsDigest(r.Template) && r.InstitutionId is not null)
            .Select(r => (Row: r, Model: JsonNode.Parse(r.ModelJson) as JsonObject ?? []))
            .Where(c => Text(c.Model, "period") is not null && Text(c.Model, "activityKey") is not null)
            .ToList();
        // Every row's key, asked together, so a round costs one lookup however many items its digests hold.
        var lastReports = candidates.Count == 0 ? new Dictionary<LastReportKey, (ImplementationStatus, DateOnly)>()
            : _lastReports([.. candidates.Select(c => new LastReportKey(Text(c.Model, "activityKey")!, c.Row.InstitutionId!, Due(c.Model))).Distinct()]);

        return candidates
            .GroupBy(c => new GroupKey(c.Row.Template, c.Row.InstitutionId!, Text(c.Model, "period")!, Addresses(c.Row.To), Addresses(c.Row.Cc), Day(c.Row.NotBefore)))
            .Select(g => Digest(g, lastReports))
            .OrderBy(d => d.Day).ThenBy(d => d.InstitutionId, StringComparer.Ordinal).ThenBy(d => d.Round, StringComparer.Ordinal).ThenBy(d => d.Template, StringComparer.Ordinal)
            .ToList();
    }

    private Digest Digest(IGrouping<GroupKey, (OutboxMessage Row, JsonObject Model)> group, IReadOnlyDictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)> lastReports)
    {
        var key = group.Key;
        var first = group.First();
        var language = first.Row.Language;
        var montenegrin = MailLanguages.IsMontenegrin(language);
        var institution = (montenegrin ? Text(first.Model, "institutionNameCnr") : null) ?? Text(first.Model, "institutionName") ?? key.InstitutionId;
        var items = group
            .GroupBy(c => Text(c.Model, "activityKey")!, StringComparer.Ordinal)
            .Select(g => Item(g.Key, g.First().Model, key.InstitutionId, language, key.Day, lastReports))
            .OrderBy(i => ActivityCodes.Parse(i.Code)?.AreaCode ?? string.Empty, StringComparer.Ordinal).ThenBy(i => ActivityCodes.Short(i.ActivityKey), ActivityCodes.Order)
            .ToList();
        var token = _newToken();
        var model = new MailModel
        {
            Institution = institution,
            Round = key.Round,
            Items = items,
            FormUrl = _options.FormUrl(token),
            ReplyToken = token,
            Office = new MailPerson(_options.OfficeName(language), _options.FromAddress),
        };
        return new Digest(key.Template, language, key.InstitutionId, key.Round, key.Day, Split(key.To), Split(key.Cc),
            [.. group.Select(c => c.Row.Id).Order()], model);
    }

    private MailItem Item(string activityKey, JsonObject model, string institutionId, string language, DateOnly day,
        IReadOnlyDictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)> lastReports)
    {
        var due = Due(model);
        (ImplementationStatus Status, DateOnly Date)? last = lastReports.TryGetValue(new LastReportKey(activityKey, institutionId, due), out var known) ? known : null;
        // The catalogue's words in the mail's language; a Cyrillic mail is transliterated whole once rendered (CyrillicMail).
        var words = MailLanguages.TextLanguage(language);
        var indicators = _indicators(activityKey) ?? [];
        var area = Text(model, "areaTitle");
        var title = Text(model, "activityTitle") ?? activityKey;
        return new MailItem
        {
            ActivityKey = activityKey,
            Code = Text(model, "activityReference") ?? ActivityCodes.Short(activityKey),
            Area = _text is null || area is null ? area : _text.AreaOfActivity(activityKey, words, area),
            Title = _text?.ActivityText(activityKey, "title", words, title) ?? title,
            DueDate = due,
            Indicators = _text?.IndicatorLabels(activityKey, indicators, words) ?? [.. indicators.Select(i => i.Name)],
            LastReport = last is { } found ? new LastReport(StatusNames.For(found.Status, MailLanguages.TextLanguage(language)), found.Date) : null,
            WorkingDaysOverdue = _calendar is not null && due != default && day > due ? _calendar.WorkingDaysBetween(due, day) : 0,
            EscalationLevel = model.TryGetPropertyValue("escalationLevel", out var level) && level is JsonValue value && value.TryGetValue<int>(out var n) ? n : 0,
        };
    }

    private static Dictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)> OneByOne(IReadOnlyCollection<LastReportKey> keys,
        Func<string, string, DateOnly, (ImplementationStatus Status, DateOnly Date)?> lastReport)
    {
        var found = new Dictionary<LastReportKey, (ImplementationStatus Status, DateOnly Date)>();
        foreach (var key in keys)
        {
            if (lastReport(key.ActivityKey, key.InstitutionId, key.Before) is { } last)
            {
                found[key] = last;
            }
        }

        return found;
    }

    private static DateOnly Due(JsonObject model) =>
        DateOnly.TryParseExact(Text(model, "dueDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default;

    private DateOnly Day(DateTime notBefore) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(notBefore, DateTimeKind.Utc), _zone));

    private static string? Text(JsonObject model, string key) =>
        model.TryGetPropertyValue(key, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    // Recipients compare as a set, whatever their order or case in the row.
    private static string Addresses(string? list) => string.Join(",", Split(list).Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal));

    private static List<string> Split(string? list) =>
        [.. (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    private sealed record GroupKey(string Template, string InstitutionId, string Round, string To, string Cc, DateOnly Day);
}
