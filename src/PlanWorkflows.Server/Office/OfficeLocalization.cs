using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PlanWorkflows.Core.Transliteration;

namespace PlanWorkflows.Server.Office;

/// <summary>The texts of the Office app: <c>OfficeText.resx</c> (English) and <c>OfficeText.cnr.resx</c> (Montenegrin) beside this class.</summary>
public sealed class OfficeText;

/// <summary>
/// The Office's languages and the cultures they stand for. Each language has two cultures: the UI culture picks the
/// resource (<c>en</c>, <c>cnr</c>, <c>cnr-Cyrl</c>), the formatting culture writes dates and numbers. ICU has no
/// Montenegrin locale data, so <c>cnr</c> and <c>cnr-Cyrl</c> are cultures .NET makes up from their names (allowed while
/// predefined-only cultures are off, the default without invariant globalization): enough to name a satellite assembly
/// and to fall back from <c>cnr-Cyrl</c> to <c>cnr</c>, but their months and separators are ICU's root (English) ones. Dates
/// and numbers therefore follow <c>sr-Latn-ME</c> / <c>sr-Cyrl-ME</c>, which write them as Montenegrin does.
/// </summary>
public static class OfficeLanguages
{
    /// <summary>The languages a page can be shown in, as <c>?lang=</c> takes them.</summary>
    public static IReadOnlyList<string> All { get; } = MailLanguages.Written;

    public static CultureInfo UiCulture(string language) => CultureInfo.GetCultureInfo(Normalize(language) ?? MailLanguages.English);

    public static CultureInfo FormattingCulture(string language) => CultureInfo.GetCultureInfo(Normalize(language) switch
    {
        MailLanguages.Montenegrin => "sr-Latn-ME",
        MailLanguages.MontenegrinCyrillic => "sr-Cyrl-ME",
        _ => "en-GB",
    });

    /// <summary>The canonical spelling of one of <see cref="All"/>, or null.</summary>
    public static string? Normalize(string? language) =>
        All.FirstOrDefault(l => string.Equals(l, language?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The name a language is offered under, in that language.</summary>
    public static string Name(string language) => Normalize(language) switch
    {
        MailLanguages.Montenegrin => "Crnogorski",
        MailLanguages.MontenegrinCyrillic => "Црногорски",
        _ => "English",
    };

    public static bool IsCyrillic(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        for (var c = culture; c != CultureInfo.InvariantCulture; c = c.Parent)
        {
            if (string.Equals(c.Name, MailLanguages.MontenegrinCyrillic, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static IServiceCollection AddOfficeLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // The resource files stay two (English, Montenegrin Latin); Cyrillic is written from the Latin text.
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory>(sp => new CyrillicLocalizerFactory(sp.GetRequiredService<ResourceManagerStringLocalizerFactory>()));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(FormattingCulture(MailLanguages.English), UiCulture(MailLanguages.English));
            o.SupportedCultures = [.. All.Select(FormattingCulture)];
            o.SupportedUICultures = [.. All.Select(UiCulture)];
            o.FallBackToParentCultures = false;
            o.FallBackToParentUICultures = false;
            o.RequestCultureProviders = [new CustomRequestCultureProvider(http =>
            {
                var language = OfficeRequest.LanguageOf(http);
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(FormattingCulture(language).Name, UiCulture(language).Name));
            })];
        });
        return services;
    }

    /// <summary>The request's culture from the Office's language choice, for the Office's paths only.</summary>
    public static IApplicationBuilder UseOfficeLocalization(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<RequestLocalizationOptions>>();
        return app.UseWhen(http => http.Request.Path.StartsWithSegments(OfficePaths.Root, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseRequestLocalization(options.Value));
    }
}

/// <summary>Localizers that write Montenegrin in Cyrillic (by <see cref="MontenegrinScript"/>) when the UI culture is <c>cnr-Cyrl</c>.</summary>
public sealed class CyrillicLocalizerFactory(IStringLocalizerFactory inner) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new CyrillicLocalizer(inner.Create(resourceSource));

    public IStringLocalizer Create(string baseName, string location) => new CyrillicLocalizer(inner.Create(baseName, location));

    private sealed class CyrillicLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Script(inner[name]);

        // The pattern is transliterated before the values go in: names, addresses and codes in them stay as written.
        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var pattern = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, pattern.Value, arguments), pattern.ResourceNotFound, pattern.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures).Select(Script);

        private static LocalizedString Script(LocalizedString text) =>
            text.ResourceNotFound || !OfficeLanguages.IsCyrillic(CultureInfo.CurrentUICulture)
                ? text
                : new LocalizedString(text.Name, MontenegrinScript.ToCyrillic(text.Value), false, text.SearchedLocation);
    }
}
