using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Server.Forms;

/// <summary>What the form page needs besides the items: who, which round, what to prefill, what went wrong.</summary>
public sealed record FormPage(
    FormText Text,
    string Institution,
    string Round,
    string Action,
    string AntiforgeryField,
    string AntiforgeryToken,
    IReadOnlyList<FormItem> Items,
    IReadOnlyDictionary<long, ItemAnswer> Values,
    string Reporter,
    IReadOnlyDictionary<string, string> Errors,
    string? Notice,
    ReplyFormOptions Options)
{
    /// <summary>The latest date an extension may ask for; none when the plan has no obligations left.</summary>
    public DateOnly? LatestExtensionDate { get; init; }

    /// <summary>What was typed in extension fields, by field name, when they come back with an error.</summary>
    public IReadOnlyDictionary<string, string> ExtensionValues { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The form's HTML. Every value that came from a person or the catalogue goes through <see cref="E"/>;
/// no script and no inline style, so the page works under a strict Content-Security-Policy.
/// </summary>
public static class ReplyFormPage
{
    // Keeps č, ć, š, ž, đ readable in the source instead of numeric references; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    public static string Form(FormPage page)
    {
        var t = page.Text;
        var html = new StringBuilder(16 * 1024);
        Head(html, t.Lang, t.Title);
        html.Append($"<h1>{E(t.Title)}</h1>");
        html.Append($"<p class=\"meta\">{E(t.Institution)}: <strong>{E(page.Institution)}</strong><br>{E(t.Round)}: <strong>{E(PeriodLabels.Title(page.Round, t.Lang))}</strong></p>");
        html.Append($"<p class=\"privacy\" role=\"note\">{E(t.Privacy)}</p>");
        if (page.Notice is not null)
        {
            html.Append($"<p class=\"notice\" role=\"status\">{E(page.Notice)}</p>");
        }

        if (page.Errors.Count > 0)
        {
            html.Append($"<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>{E(t.ErrorsTitle)}</h2><ul>");
            foreach (var (field, message) in page.Errors)
            {
                html.Append($"<li><a href=\"#{E(field)}\">{E(message)}</a></li>");
            }

            html.Append("</ul></div>");
        }

        if (page.Items.Count == 0)
        {
            html.Append($"<p>{E(t.NoItems)}</p>");
            return Foot(html);
        }

        html.Append($"<p>{E(t.Instructions)}</p>");
        html.Append($"<form method=\"post\" action=\"{E(page.Action)}\" enctype=\"multipart/form-data\" novalidate>");
        html.Append($"<input type=\"hidden\" name=\"{E(page.AntiforgeryField)}\" value=\"{E(page.AntiforgeryToken)}\">");
        // Enter in a field presses the form's first submit button: without this one that would be the first item's
        // extension button, and pressing Enter would ask for an extension instead of doing what it always did.
        html.Append("<button type=\"submit\" name=\"action\" value=\"submit\" hidden tabindex=\"-1\" aria-hidden=\"true\"></button>");
        foreach (var item in page.Items)
        {
            Item(html, page, item, page.Values.GetValueOrDefault(item.ObligationId) ?? new ItemAnswer());
        }

        html.Append("<section class=\"item\">");
        Error(html, page, FormValidator.FormKey);
        Error(html, page, FormValidator.FormKey + "-files");
        TextInput(html, page, "reporter", t.Reporter, page.Reporter, "text", "autocomplete=\"name\" maxlength=\"200\"");
        html.Append("<div class=\"actions\">");
        html.Append($"<button type=\"submit\" name=\"action\" value=\"submit\" class=\"primary\">{E(t.Submit)}</button>");
        html.Append($"<button type=\"submit\" name=\"action\" value=\"draft\" class=\"secondary\">{E(t.SaveDraft)}</button>");
        html.Append("</div></section></form>");
        return Foot(html);
    }

    private static void Item(StringBuilder html, FormPage page, FormItem item, ItemAnswer value)
    {
        var t = page.Text;
        html.Append($"<section class=\"item\" id=\"{E(item.Field("item"))}\"><h2><span class=\"code\">{E(item.Code)}</span> {E(item.Title)}</h2>");
        if (!string.IsNullOrEmpty(item.Area))
        {
            html.Append($"<p class=\"area\">{E(item.Area)}</p>");
        }
        html.Append($"<p class=\"due\">{E(t.Due)}: <strong>{E(MailFormat.Date(item.DueDate, t.Lang))}</strong></p>");
        if (item.Latest is { } latest)
        {
            html.Append($"<p class=\"latest\">{E(string.Format(t.AlreadyReportedFormat, latest.Version, MailFormat.Date(DateOnly.FromDateTime(latest.SubmittedAt), t.Lang)))}</p>");
        }

        var statusField = item.Field("status");
        html.Append($"<fieldset class=\"status\" id=\"{E(statusField)}\"{Invalid(page, statusField)}><legend>{E(t.Status)}</legend>");
        Error(html, page, statusField);
        Radio(html, statusField, string.Empty, t.NotReporting, string.IsNullOrEmpty(value.Status));
        foreach (var status in Enum.GetValues<ImplementationStatus>())
        {
            Radio(html, statusField, status.ToString(), t.StatusName(status), value.Status == status.ToString());
        }

        html.Append("</fieldset>");
        TextArea(html, page, item.Field("reason"), t.Reason, value.Reason, 2, null);
        if (item.Indicators.Count > 0)
        {
            html.Append($"<fieldset class=\"indicators\"><legend>{E(t.Indicators)}</legend>");
            foreach (var indicator in item.Indicators)
            {
                var typed = value.Indicators.GetValueOrDefault(indicator.Text, string.Empty);
                if (indicator.Numeric)
                {
                    var label = indicator.Target is { } target ? $"{indicator.Shown} ({t.Target}: {MailFormat.Number(target, t.Lang)})" : indicator.Shown;
                    TextInput(html, page, item.IndicatorField(indicator), label, typed, "number", "min=\"0\" step=\"any\" inputmode=\"decimal\"");
                }
                else
                {
                    TextInput(html, page, item.IndicatorField(indicator), indicator.Shown, typed, "text", null);
                }
            }

            html.Append("</fieldset>");
        }

        TextArea(html, page, item.Field("narrative"), t.Narrative, value.Narrative, 5, null);
        TextArea(html, page, item.Field("links"), t.Links, value.Links, 2, t.LinksHint);
        var files = item.Field("files");
        var limits = string.Format(t.AttachmentsFormat, FormValidator.Megabytes(page.Options.MaxFileBytes), FormValidator.Megabytes(page.Options.MaxTotalFileBytes));
        html.Append($"<label for=\"{E(files)}\">{E(limits)}</label>");
        Error(html, page, files);
        html.Append($"<input type=\"file\" id=\"{E(files)}\" name=\"{E(files)}\" multiple accept=\"{E(FormValidator.AcceptAttribute)}\"{Invalid(page, files)}>");
        Extension(html, page, item);
        html.Append("</section>");
    }

    private static void Extension(StringBuilder html, FormPage page, FormItem item)
    {
        var t = page.Text;
        if (item.Extension is { } pending)
        {
            html.Append($"<p class=\"extension-pending\" id=\"{E(item.Field("extension"))}\">{E(string.Format(t.ExtensionPendingFormat,
                MailFormat.Date(pending.RequestedDueDate, t.Lang), MailFormat.Date(DateOnly.FromDateTime(pending.RequestedAt), t.Lang), pending.RequestedBy))}</p>");
            return;
        }

        if (item.IsClosed)
        {
            return;
        }

        var date = item.Field("extdate");
        var reason = item.Field("extreason");
        // A details element needs no script; it opens by itself when its fields come back with errors.
        var open = page.Errors.ContainsKey(date) || page.Errors.ContainsKey(reason) || page.Errors.ContainsKey(item.Field("extension"));
        html.Append($"<details class=\"extension\" id=\"{E(item.Field("extension"))}\"{(open ? " open" : string.Empty)}><summary>{E(t.ExtensionTitle)}</summary>");
        Error(html, page, item.Field("extension"));
        if (page.LatestExtensionDate is { } latest)
        {
            html.Append($"<p class=\"hint\">{E(string.Format(t.ExtensionHintFormat, MailFormat.Date(latest, t.Lang)))}</p>");
        }

        var min = item.DueDate.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var max = page.LatestExtensionDate is { } last ? $" max=\"{last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"" : string.Empty;
        TextInput(html, page, date, t.ExtensionDate, page.ExtensionValues.GetValueOrDefault(date, string.Empty), "date", $"min=\"{min}\"{max}");
        TextArea(html, page, reason, t.ExtensionReason, page.ExtensionValues.GetValueOrDefault(reason, string.Empty), 3, null);
        html.Append($"<button type=\"submit\" name=\"action\" value=\"{E(FormPost.ExtendPrefix + item.ObligationId.ToString(CultureInfo.InvariantCulture))}\" class=\"secondary\">{E(t.ExtensionButton)}</button>");
        html.Append("</details>");
    }

    private static void Radio(StringBuilder html, string name, string value, string label, bool chosen)
    {
        var id = $"{name}-{(value.Length == 0 ? "none" : value)}";
        html.Append($"<label class=\"choice\" for=\"{E(id)}\"><input type=\"radio\" id=\"{E(id)}\" name=\"{E(name)}\" value=\"{E(value)}\"{(chosen ? " checked" : string.Empty)}> {E(label)}</label>");
    }

    private static void TextInput(StringBuilder html, FormPage page, string name, string label, string value, string type, string? attributes)
    {
        html.Append($"<label for=\"{E(name)}\">{E(label)}</label>");
        Error(html, page, name);
        html.Append($"<input type=\"{type}\" id=\"{E(name)}\" name=\"{E(name)}\" value=\"{E(value)}\"{Invalid(page, name)}{(attributes is null ? string.Empty : " " + attributes)}>");
    }

    private static void TextArea(StringBuilder html, FormPage page, string name, string label, string value, int rows, string? hint)
    {
        html.Append($"<label for=\"{E(name)}\">{E(label)}</label>");
        if (hint is not null)
        {
            html.Append($"<p class=\"hint\">{E(hint)}</p>");
        }

        Error(html, page, name);
        html.Append($"<textarea id=\"{E(name)}\" name=\"{E(name)}\" rows=\"{rows}\"{Invalid(page, name)}>{E(value)}</textarea>");
    }

    private static string Invalid(FormPage page, string field) =>
        page.Errors.ContainsKey(field) ? $" aria-invalid=\"true\" aria-describedby=\"{E(field)}-error\"" : string.Empty;

    private static void Error(StringBuilder html, FormPage page, string field)
    {
        if (page.Errors.TryGetValue(field, out var message))
        {
            html.Append($"<p class=\"error\" id=\"{E(field)}-error\">{E(message)}</p>");
        }
    }

    public static string Done(FormText t, string institution, string round, Receipt? receipt, string formLink, TimeZoneInfo zone)
    {
        var html = new StringBuilder(8 * 1024);
        Head(html, t.Lang, t.DoneTitle);
        if (receipt is null)
        {
            html.Append($"<h1>{E(t.Title)}</h1><p>{E(t.DoneNothing)}</p>");
        }
        else
        {
            html.Append($"<h1>{E(t.DoneTitle)}</h1>");
            html.Append($"<p class=\"meta\">{E(t.Institution)}: <strong>{E(institution)}</strong><br>{E(t.Round)}: <strong>{E(PeriodLabels.Title(round, t.Lang))}</strong></p>");
            html.Append($"<p>{E(t.DoneIntro)}</p>");
            // The institution's own time, as the Office's mails show it.
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(receipt.SubmittedAt, DateTimeKind.Utc), zone);
            var at = $"{MailFormat.Date(DateOnly.FromDateTime(local), t.Lang)} {local.ToString("HH:mm", CultureInfo.InvariantCulture)}";
            html.Append($"<p class=\"meta\">{E(string.Format(t.SubmittedByFormat, at, receipt.SubmittedBy))}</p>");
            foreach (var item in receipt.Items)
            {
                html.Append($"<section class=\"item receipt\"><h2><span class=\"code\">{E(item.Code)}</span> {E(item.Title)}</h2><dl>");
                Row(html, t.Version, item.Version.ToString(CultureInfo.InvariantCulture));
                Row(html, t.Status, t.StatusName(item.Status));
                foreach (var (indicator, value) in item.Indicators)
                {
                    Row(html, indicator, value.ValueKind == JsonValueKind.Number ? MailFormat.Number(value.GetDecimal(), t.Lang) : value.ToString());
                }

                if (item.Narrative.Length > 0)
                {
                    html.Append($"<dt>{E(t.Narrative)}</dt><dd class=\"narrative\">{E(item.Narrative)}</dd>");
                }

                if (item.Links.Length > 0)
                {
                    // Shown as text, not as links: the receipt should not send anyone anywhere a form field pointed to.
                    html.Append($"<dt>{E(t.Links)}</dt><dd class=\"narrative\">{E(item.Links)}</dd>");
                }

                if (item.Attachments.Count > 0)
                {
                    Row(html, t.Attachments, string.Join(", ", item.Attachments));
                }

                html.Append("</dl></section>");
            }

            html.Append($"<p class=\"notice\">{E(t.DoneMail)}</p>");
            html.Append($"<p class=\"privacy\" role=\"note\">{E(t.Privacy)}</p>");
        }

        html.Append($"<p><a class=\"button secondary\" href=\"{E(formLink)}\">{E(t.BackToForm)}</a></p>");
        return Foot(html);
    }

    private static void Row(StringBuilder html, string term, string value) =>
        html.Append($"<dt>{E(term)}</dt><dd>{E(value)}</dd>");

    public static string Message(string lang, string title, string bodyHtml)
    {
        var html = new StringBuilder();
        Head(html, lang, title);
        html.Append(bodyHtml);
        return Foot(html);
    }

    private static void Head(StringBuilder html, string lang, string title) =>
        html.Append($"<!DOCTYPE html><html lang=\"{E(lang)}\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\">")
            .Append($"<title>{E(title)}</title><link rel=\"icon\" href=\"{ReplyFormEndpoints.IconPath}\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"{ReplyFormEndpoints.StylesheetPath}\"></head><body><main>");

    private static string Foot(StringBuilder html) => html.Append("</main></body></html>").ToString();
}
