using System.Globalization;
using System.Text.Json;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Inbound;

namespace PlanWorkflows.Server.Forms;

/// <summary>An activity as the form shows it, with what was last reported on it.</summary>
public sealed record FormItem(long ObligationId, string Code, string Title, DateOnly DueDate, IReadOnlyList<IndicatorField> Indicators, LatestReport? Latest)
{
    public string Field(string name) => $"o{ObligationId}-{name}";

    public string IndicatorField(IndicatorField indicator) => Field($"ind{indicator.Index}");

    /// <summary>A request for a later due date that waits for the Office.</summary>
    public PendingExtension? Extension { get; init; }

    public bool IsClosed { get; init; }

    /// <summary>The area's name, shown beside the reference (<c>EDU 1.1.2</c>).</summary>
    public string? Area { get; init; }

    public string ActivityKey { get; init; } = string.Empty;
}

public sealed record PendingExtension(long Id, DateOnly RequestedDueDate, string RequestedBy, DateTime RequestedAt);

public sealed record LatestReport(int Version, DateTime SubmittedAt);

/// <summary>What a person typed for one item, exactly as typed; also the JSON of a draft.</summary>
public sealed record ItemAnswer
{
    public string? Status { get; init; }
    public string Reason { get; init; } = string.Empty;
    /// <summary>By indicator text, so a draft or report still fits when the catalogue reorders indicators.</summary>
    public Dictionary<string, string> Indicators { get; init; } = new(StringComparer.Ordinal);
    public string Narrative { get; init; } = string.Empty;
    public string Links { get; init; } = string.Empty;
    public string Reporter { get; init; } = string.Empty;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsEmpty => string.IsNullOrEmpty(Status) && Reason.Length == 0 && Narrative.Length == 0 && Links.Length == 0 && Indicators.Values.All(v => v.Length == 0);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ItemAnswer FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ItemAnswer>(json, Json) ?? new ItemAnswer();
        }
        catch (JsonException)
        {
            // A draft is a convenience; an unreadable one starts the item afresh rather than breaking the form.
            return new ItemAnswer();
        }
    }
}

public sealed record UploadedFile(long ObligationId, string FileName, string ContentType, byte[] Content);

/// <summary>A validated item ready to become a report.</summary>
public sealed record ReadyItem(FormItem Item, ImplementationStatus Status, string Narrative, string IndicatorsJson, string Links, IReadOnlyList<UploadedFile> Files, ItemAnswer Answer);

/// <summary>The POSTed form: the action, the reporter and one answer per item of the token's round.</summary>
public sealed record FormPost(string Action, string Reporter, IReadOnlyDictionary<long, ItemAnswer> Answers, IReadOnlyList<UploadedFile> Files)
{
    public const string DraftAction = "draft";
    public const string SubmitAction = "submit";

    /// <summary>The action of an item's extension button is this prefix and the obligation id.</summary>
    public const string ExtendPrefix = "extend-";

    public bool IsSubmit => Action == SubmitAction;

    /// <summary>The item whose extension button was pressed; its other answers are kept as a draft.</summary>
    public long? ExtendObligationId { get; init; }

    public string ExtensionDate { get; init; } = string.Empty;

    public string ExtensionReason { get; init; } = string.Empty;

    /// <summary>Reads only the fields of the items this token may answer; anything else in the post is ignored.</summary>
    public static async Task<FormPost> ReadAsync(IFormCollection form, IReadOnlyList<FormItem> items, CancellationToken cancellationToken)
    {
        string Value(string name) => (form[name].ToString() ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var reporter = Value("reporter");
        var answers = new Dictionary<long, ItemAnswer>();
        var files = new List<UploadedFile>();
        foreach (var item in items)
        {
            var status = Value(item.Field("status"));
            answers[item.ObligationId] = new ItemAnswer
            {
                Status = status.Length == 0 ? null : status,
                Reason = Value(item.Field("reason")),
                Indicators = item.Indicators.ToDictionary(i => i.Text, i => Value(item.IndicatorField(i)), StringComparer.Ordinal),
                Narrative = Value(item.Field("narrative")),
                Links = Value(item.Field("links")),
                Reporter = reporter,
            };
            foreach (var file in form.Files.GetFiles(item.Field("files")).Where(f => f.Length > 0 || f.FileName.Length > 0))
            {
                var content = new byte[file.Length];
                await using var stream = file.OpenReadStream();
                await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                files.Add(new UploadedFile(item.ObligationId, Path.GetFileName(file.FileName), file.ContentType, content));
            }
        }

        var action = Value("action");
        var extend = action.StartsWith(ExtendPrefix, StringComparison.Ordinal) && long.TryParse(action.AsSpan(ExtendPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? items.FirstOrDefault(i => i.ObligationId == id)
            : null;
        return new FormPost(action == SubmitAction ? SubmitAction : DraftAction, reporter, answers, files)
        {
            ExtendObligationId = extend?.ObligationId,
            ExtensionDate = extend is null ? string.Empty : Value(extend.Field("extdate")),
            ExtensionReason = extend is null ? string.Empty : Value(extend.Field("extreason")),
        };
    }
}

/// <summary>Checks everything before anything is stored; errors are keyed by the field they belong next to.</summary>
public sealed class FormValidator(ReplyFormOptions options, FormText text)
{
    public const string FormKey = "form";

    private static readonly Dictionary<string, ImplementationStatus> Statuses =
        Enum.GetValues<ImplementationStatus>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    private static readonly Dictionary<string, (string ContentType, byte[] Magic)> FileTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF"u8.ToArray()),
        // Office files are zip packages.
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [0x50, 0x4B, 0x03, 0x04]),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    };

    public static string AcceptAttribute => string.Join(',', FileTypes.Keys);

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ReadyItem> Validate(FormPost post, IReadOnlyList<FormItem> items)
    {
        var ready = new List<ReadyItem>();
        long total = 0;
        foreach (var item in items)
        {
            var answer = post.Answers[item.ObligationId];
            var files = post.Files.Where(f => f.ObligationId == item.ObligationId).ToList();
            // A draft may be unfinished, but never absurd; only submitting asks for completeness.
            if (answer.IsEmpty && files.Count == 0)
            {
                continue;
            }

            ImplementationStatus? status = null;
            if (answer.Status is not null)
            {
                if (Statuses.TryGetValue(answer.Status, out var parsed))
                {
                    status = parsed;
                }
                else
                {
                    Errors[item.Field("status")] = text.BadStatus;
                }
            }

            if (post.IsSubmit && status == ImplementationStatus.NotApplicable && answer.Reason.Length == 0)
            {
                Errors[item.Field("reason")] = text.ReasonRequired;
            }

            Length(item.Field("reason"), answer.Reason, options.MaxReasonChars);
            Length(item.Field("narrative"), answer.Narrative, options.MaxNarrativeChars);
            // In the catalogue's order, which is how the Office reads them back.
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var indicator in item.Indicators)
            {
                var field = item.IndicatorField(indicator);
                var value = answer.Indicators.GetValueOrDefault(indicator.Text, string.Empty);
                if (value.Length == 0)
                {
                    continue;
                }

                if (indicator.Numeric)
                {
                    if (Count(field, value) is { } number)
                    {
                        values[indicator.Text] = number;
                    }
                }
                else if (Length(field, value, options.MaxIndicatorTextChars))
                {
                    values[indicator.Text] = value;
                }
            }

            var links = Links(item.Field("links"), answer.Links);
            if (post.IsSubmit && status is not null)
            {
                foreach (var file in files)
                {
                    total += file.Content.Length;
                    File(item.Field("files"), file);
                }
            }

            if (status is { } ok)
            {
                // A signature pasted under an answer ("Srdačan pozdrav, / Marija … / tel.") is not part of the report, as in a mail reply.
                var reason = ReplyText.WithoutSignature(answer.Reason);
                var said = ReplyText.WithoutSignature(answer.Narrative);
                var narrative = ok == ImplementationStatus.NotApplicable && reason.Length > 0
                    ? (said.Length == 0 ? reason : reason + "\n\n" + said)
                    : said;
                ready.Add(new ReadyItem(item, ok, narrative, JsonSerializer.Serialize(values, ItemAnswer.Json), links, files, answer));
            }
        }

        if (post.IsSubmit)
        {
            if (total > options.MaxTotalFileBytes)
            {
                Errors[FormKey + "-files"] = string.Format(text.TotalTooLargeFormat, Megabytes(options.MaxTotalFileBytes));
            }

            if (ready.Count == 0 && !Errors.Keys.Any(k => k.EndsWith("-status", StringComparison.Ordinal)))
            {
                Errors[FormKey] = text.NeedOneItem;
            }

            if (post.Reporter.Length == 0)
            {
                Errors["reporter"] = text.ReporterRequired;
            }
        }

        Length("reporter", post.Reporter, 200);
        return ready;
    }

    private bool Length(string field, string value, int max)
    {
        if (value.Length <= max)
        {
            return true;
        }

        Errors[field] = string.Format(CultureInfo.GetCultureInfo(text.Lang == "en" ? "en-GB" : "sr-Latn-ME"), text.TooLongFormat, max);
        return false;
    }

    private decimal? Count(string field, string value)
    {
        // A number field sends invariant digits; a comma is what a Montenegrin types for decimals elsewhere.
        var normal = value.Replace(',', '.').Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!decimal.TryParse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            Errors[field] = text.NotANumber;
            return null;
        }

        if (number < 0)
        {
            Errors[field] = text.Negative;
            return null;
        }

        if (number > options.MaxCount)
        {
            Errors[field] = text.TooLarge;
            return null;
        }

        return number;
    }

    private string Links(string field, string value)
    {
        var lines = value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > options.MaxLinks)
        {
            Errors[field] = string.Format(text.TooManyLinksFormat, options.MaxLinks);
        }
        else if (lines.Any(l => l.Length > 2000 || !Uri.TryCreate(l, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            Errors[field] = text.BadLink;
        }

        return string.Join('\n', lines);
    }

    private void File(string field, UploadedFile file)
    {
        var extension = Path.GetExtension(file.FileName);
        if (!FileTypes.TryGetValue(extension, out var type) || !file.Content.AsSpan().StartsWith(type.Magic))
        {
            // The name and the first bytes must agree: a renamed executable is not a PDF.
            Add(field, string.Format(text.BadFileTypeFormat, file.FileName));
        }
        else if (file.Content.Length > options.MaxFileBytes)
        {
            Add(field, string.Format(text.FileTooLargeFormat, file.FileName, Megabytes(options.MaxFileBytes)));
        }
    }

    private void Add(string field, string message) =>
        Errors[field] = Errors.TryGetValue(field, out var existing) ? existing + " " + message : message;

    public static string ContentTypeOf(string fileName) =>
        FileTypes.TryGetValue(Path.GetExtension(fileName), out var type) ? type.ContentType : "application/octet-stream";

    public static long Megabytes(long bytes) => bytes / (1024 * 1024);
}
