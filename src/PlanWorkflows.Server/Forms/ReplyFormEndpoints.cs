using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Transliteration;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Forms;

/// <summary>
/// The reply form behind the link in a digest: GET shows an institution's items of one round, only POST
/// changes anything (mail scanners follow links), and a submission ends on a receipt page.
/// </summary>
public static partial class ReplyFormEndpoints
{
    public const string StylesheetPath = "/form/form.css";
    public const string IconPath = "/form/icon.svg";

    // Browsers ask for an icon anyway; naming one stops them requesting /favicon.ico from the service root.
    private const string Icon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#0b3d66\"/><path d=\"M4 8.5l2.5 2.5L12 5.5\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/></svg>";
    private const string RateLimitPolicy = "reply-form";
    private const string AntiforgeryField = "__RequestVerificationToken";
    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(ReplyFormEndpoints).Assembly.GetManifestResourceStream("PlanWorkflows.Server.Forms.form.css")
            ?? throw new InvalidOperationException("form.css is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IServiceCollection AddReplyForm(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ReplyFormOptions();
        configuration.GetSection(ReplyFormOptions.SectionName).Bind(options);
        services.AddSingleton(options);
        services.AddAntiforgery(o =>
        {
            o.FormFieldName = AntiforgeryField;
            o.Cookie.Name = "pw-form-af";
            // Secure whenever the request came over HTTPS; plain HTTP only serves the local default.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The window is wall-clock time on purpose: a demo clock running faster must not loosen the limit.
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(FormText.TooManyRequests, cancellationToken).ConfigureAwait(false);
            };
        });
        return services;
    }

    public static void Map(WebApplication app)
    {
        app.UseRateLimiter();
        app.MapGet(StylesheetPath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
        });
        app.MapGet(IconPath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(Icon, "image/svg+xml");
        });
        var form = app.MapGroup("/form").RequireRateLimiting(RateLimitPolicy).AddEndpointFilter(async (context, next) =>
        {
            Protect(context.HttpContext.Response);
            return await next(context).ConfigureAwait(false);
        });
        form.MapGet("/{token}", ShowAsync);
        form.MapPost("/{token}", PostAsync);
        form.MapGet("/{token}/done", DoneAsync);
    }

    private static void Protect(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        // The token is in the address; it must not travel to a site an evidence link points to.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    private sealed record Opened(ReplyToken Token, FormText Text, string Institution);

    private static async Task<(Opened? Opened, IResult? Refusal)> OpenAsync(PlanDbContext db, string token, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var lookup = await ReplyTokens.CheckAsync(db, token, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        if (lookup.Check != TokenCheck.Valid || lookup.Token is null)
        {
            LogRefused(logger, lookup.Check, lookup.Token?.Id);
            return lookup.Check == TokenCheck.Unknown
                ? (null, Page("cnr", "Link nije važeći / This link is not valid", FormText.UnknownLinkHtml, StatusCodes.Status404NotFound))
                : (null, Page("cnr", "Link više ne važi / This link is no longer valid", FormText.GoneLinkHtml, StatusCodes.Status410Gone));
        }

        var row = lookup.Token;
        var text = FormText.For(row.Language);
        var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == row.InstitutionId)
            .Select(i => text.Lang == MailLanguages.English ? i.NameEn : i.NameCnr).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return (new Opened(row, text, institution ?? row.InstitutionId), null);
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, Func<PlanDbContext> createContext, TimeProvider clock, IAntiforgery antiforgery,
        ReplyFormOptions options, ILoggerFactory loggers, bool? saved, bool? nofiles, bool? extension)
    {
        var cancellationToken = http.RequestAborted;
        await using var db = createContext();
        var (opened, refusal) = await OpenAsync(db, token, clock, Logger(loggers), cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return refusal!;
        }

        var items = await ReplyFormData.LoadItemsAsync(db, opened.Token, cancellationToken, http.RequestServices.GetService<PlanText>()).ConfigureAwait(false);
        var values = await ReplyFormData.LoadPrefillAsync(db, opened.Token, items, cancellationToken).ConfigureAwait(false);
        var reporter = values.Values.Select(v => v.Reporter).FirstOrDefault(r => r.Length > 0) ?? string.Empty;
        var notice = saved == true ? opened.Text.DraftSaved + (nofiles == true ? " " + opened.Text.DraftKeepsNoFiles : string.Empty) : null;
        if (extension == true)
        {
            notice = opened.Text.ExtensionRequested;
        }

        var latest = await Extensions.LatestDateAsync(db, cancellationToken).ConfigureAwait(false);
        return FormResult(http, opened, antiforgery, options, items, values, reporter, new Dictionary<string, string>(), notice, StatusCodes.Status200OK, latest);
    }

    private static async Task<IResult> PostAsync(string token, HttpContext http, Func<PlanDbContext> createContext, TimeProvider clock, IAntiforgery antiforgery,
        ReplyFormOptions options, EngineOptions engine, ILoggerFactory loggers)
    {
        var cancellationToken = http.RequestAborted;
        var logger = Logger(loggers);
        Opened? opened;
        IReadOnlyList<FormItem> items;
        DateOnly? latest;
        await using (var db = createContext())
        {
            (opened, var refusal) = await OpenAsync(db, token, clock, logger, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return refusal!;
            }

            items = await ReplyFormData.LoadItemsAsync(db, opened.Token, cancellationToken, http.RequestServices.GetService<PlanText>()).ConfigureAwait(false);
            latest = await Extensions.LatestDateAsync(db, cancellationToken).ConfigureAwait(false);
        }

        var text = opened.Text;
        var tooLarge = Page(text.Lang, text.Title, $"<h1>{ReplyFormPage.E(text.Title)}</h1><p class=\"error\">{ReplyFormPage.E(string.Format(text.RequestTooLargeFormat, FormValidator.Megabytes(options.MaxRequestBytes)))}</p>", StatusCodes.Status413PayloadTooLarge);
        if (http.Request.ContentLength > options.MaxRequestBytes)
        {
            return tooLarge;
        }

        var notVerified = Page(text.Lang, text.Title, $"<h1>{ReplyFormPage.E(text.Title)}</h1><p class=\"error\">{ReplyFormPage.E(text.NotVerified)}</p>", StatusCodes.Status400BadRequest);
        if (!http.Request.HasFormContentType)
        {
            // Only the form posts here; anything else cannot carry the antiforgery field either.
            return notVerified;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBytes;
        }

        IFormCollection formData;
        try
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new Microsoft.AspNetCore.Http.Features.FormOptions
            {
                MultipartBodyLengthLimit = options.MaxRequestBytes,
                ValueCountLimit = 5_000,
            }));
            formData = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (InvalidDataException)
        {
            return tooLarge;
        }

        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            LogNotVerified(logger, opened.Token.Id);
            return notVerified;
        }

        var post = await FormPost.ReadAsync(formData, items, cancellationToken).ConfigureAwait(false);
        var validator = new FormValidator(options, text);
        var ready = validator.Validate(post, items);
        if (validator.Errors.Count > 0)
        {
            LogInvalid(logger, opened.Token.Id, validator.Errors.Count);
            var notice = post.Files.Count > 0 ? text.FilesAgain : null;
            return FormResult(http, opened, antiforgery, options, items, post.Answers, post.Reporter, validator.Errors, notice, StatusCodes.Status422UnprocessableEntity,
                latest, ExtensionValues(post, items));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var basePath = $"{http.Request.PathBase}/form/{Uri.EscapeDataString(token)}";
        if (post.ExtendObligationId is { } extendId)
        {
            var item = items.First(i => i.ObligationId == extendId);
            var errors = await RequestExtensionAsync(createContext, opened, item, post, latest, engine, now, cancellationToken).ConfigureAwait(false);
            if (errors.Count > 0)
            {
                LogInvalid(logger, opened.Token.Id, errors.Count);
                return FormResult(http, opened, antiforgery, options, items, post.Answers, post.Reporter, errors, null, StatusCodes.Status422UnprocessableEntity,
                    latest, ExtensionValues(post, items));
            }

            // Whatever else was typed is kept, as the draft button would have.
            await using (var db = createContext())
            {
                await ReplyFormData.SaveDraftAsync(db, opened.Token, post, now, cancellationToken).ConfigureAwait(false);
            }

            LogExtension(logger, opened.Token.Id, opened.Token.InstitutionId, extendId);
            return new SeeOtherResult($"{basePath}?extension=true#{item.Field("extension")}");
        }
        if (!post.IsSubmit)
        {
            await using var db = createContext();
            await ReplyFormData.SaveDraftAsync(db, opened.Token, post, now, cancellationToken).ConfigureAwait(false);
            LogDraft(logger, opened.Token.Id, opened.Token.InstitutionId, opened.Token.Round);
            return new SeeOtherResult($"{basePath}?saved=true{(post.Files.Count > 0 ? "&nofiles=true" : string.Empty)}");
        }

        await ReplyFormData.SubmitAsync(createContext, opened.Token, ready, post.Reporter, engine, now, cancellationToken).ConfigureAwait(false);
        LogSubmitted(logger, opened.Token.Id, opened.Token.InstitutionId, opened.Token.Round, ready.Count);
        return new SeeOtherResult($"{basePath}/done");
    }

    private static async Task<IResult> DoneAsync(string token, HttpContext http, Func<PlanDbContext> createContext, TimeProvider clock, MailOptions mail, ILoggerFactory loggers)
    {
        var cancellationToken = http.RequestAborted;
        await using var db = createContext();
        var (opened, refusal) = await OpenAsync(db, token, clock, Logger(loggers), cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return refusal!;
        }

        var receipt = await ReplyFormData.LoadReceiptAsync(db, opened.Token, cancellationToken, http.RequestServices.GetService<PlanText>()).ConfigureAwait(false);
        var html = ReplyFormPage.Done(opened.Text, opened.Institution, opened.Token.Round, receipt, $"{http.Request.PathBase}/form/{Uri.EscapeDataString(token)}",
            TimeZoneInfo.FindSystemTimeZoneById(mail.TimeZone));
        return Results.Content(InScript(html, opened.Token.Language), "text/html; charset=utf-8");
    }

    /// <summary>The request goes through the core's checks; a refusal comes back as an error next to the field it concerns.</summary>
    private static async Task<Dictionary<string, string>> RequestExtensionAsync(Func<PlanDbContext> createContext, Opened opened, FormItem item, FormPost post,
        DateOnly? latest, EngineOptions engine, DateTime now, CancellationToken cancellationToken)
    {
        var text = opened.Text;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!DateOnly.TryParseExact(post.ExtensionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[item.Field("extdate")] = text.ExtensionBadDate;
            if (post.ExtensionReason.Length == 0)
            {
                errors[item.Field("extreason")] = text.ExtensionReasonRequired;
            }

            return errors;
        }

        try
        {
            await using var db = createContext();
            await new Extensions(engine).RequestAsync(db, item.ObligationId, date, post.ExtensionReason, post.Reporter, opened.Token.Id, now, cancellationToken).ConfigureAwait(false);
        }
        catch (ExtensionException ex)
        {
            var culture = CultureInfo.GetCultureInfo(text.Lang == MailLanguages.English ? "en-GB" : "sr-Latn-ME");
            var (field, message) = ex.Problem switch
            {
                ExtensionProblem.NotAfterDue => (item.Field("extdate"), string.Format(culture, text.ExtensionNotAfterDueFormat, MailFormat.Date(item.DueDate, text.Lang))),
                ExtensionProblem.TooLate => (item.Field("extdate"), string.Format(culture, text.ExtensionTooLateFormat, latest is { } last ? MailFormat.Date(last, text.Lang) : string.Empty)),
                ExtensionProblem.ReasonRequired => (item.Field("extreason"), text.ExtensionReasonRequired),
                ExtensionProblem.ReasonTooLong => (item.Field("extreason"), string.Format(culture, text.TooLongFormat, Extensions.MaxReasonChars)),
                ExtensionProblem.RequesterRequired => ("reporter", text.ReporterRequired),
                ExtensionProblem.AlreadyRequested => (item.Field("extension"), text.ExtensionAlreadyRequested),
                _ => (item.Field("extension"), text.ExtensionClosed),
            };
            errors[field] = message;
        }

        return errors;
    }

    private static Dictionary<string, string> ExtensionValues(FormPost post, IReadOnlyList<FormItem> items) =>
        items.FirstOrDefault(i => i.ObligationId == post.ExtendObligationId) is { } item
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [item.Field("extdate")] = post.ExtensionDate, [item.Field("extreason")] = post.ExtensionReason }
            : [];

    private static IResult FormResult(HttpContext http, Opened opened, IAntiforgery antiforgery, ReplyFormOptions options, IReadOnlyList<FormItem> items,
        IReadOnlyDictionary<long, ItemAnswer> values, string reporter, IReadOnlyDictionary<string, string> errors, string? notice, int status,
        DateOnly? latest = null, IReadOnlyDictionary<string, string>? extensionValues = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var page = new FormPage(opened.Text, opened.Institution, opened.Token.Round, $"{http.Request.PathBase}{http.Request.Path}",
            tokens.FormFieldName, tokens.RequestToken ?? string.Empty, items, values, reporter, errors, notice, options)
        {
            LatestExtensionDate = latest,
            ExtensionValues = extensionValues ?? new Dictionary<string, string>(),
        };
        return Results.Content(InScript(ReplyFormPage.Form(page), opened.Token.Language), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>
    /// A Cyrillic link (<c>cnr-Cyrl</c>) gets the Montenegrin page in Cyrillic: the text between tags transliterated;
    /// field names, values typed into fields, links and codes stay as they are (<see cref="MontenegrinScript.HtmlToCyrillic"/>).
    /// </summary>
    internal static string InScript(string html, string language) =>
        language == MailLanguages.MontenegrinCyrillic
            ? MontenegrinScript.HtmlToCyrillic(html).Replace("<html lang=\"cnr\">", "<html lang=\"cnr-Cyrl\">", StringComparison.Ordinal)
            : html;

    private static IResult Page(string lang, string title, string bodyHtml, int status) =>
        Results.Content(ReplyFormPage.Message(lang, title, bodyHtml), "text/html; charset=utf-8", statusCode: status);

    /// <summary>303: the browser follows with a GET, so reloading the result never posts the form again.</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger("PlanWorkflows.Server.Forms");

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Reply form refused: token {Check} (id {TokenId})")]
    private static partial void LogRefused(ILogger logger, TokenCheck check, long? tokenId);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Reply form post without a valid antiforgery token (reply token {TokenId})")]
    private static partial void LogNotVerified(ILogger logger, long tokenId);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Reply form post refused with {Errors} errors (reply token {TokenId})")]
    private static partial void LogInvalid(ILogger logger, long tokenId, int errors);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Draft saved for {Institution} {Round} (reply token {TokenId})")]
    private static partial void LogDraft(ILogger logger, long tokenId, string institution, string round);

    [LoggerMessage(EventId = 45, Level = LogLevel.Information, Message = "Extension requested for {Institution}, obligation {ObligationId} (reply token {TokenId})")]
    private static partial void LogExtension(ILogger logger, long tokenId, string institution, long obligationId);

    [LoggerMessage(EventId = 44, Level = LogLevel.Information, Message = "Form report submitted for {Institution} {Round}: {Items} items (reply token {TokenId})")]
    private static partial void LogSubmitted(ILogger logger, long tokenId, string institution, string round, int items);
}
