using System.Globalization;
using System.Net;
using System.Resources;
using Microsoft.Extensions.Localization;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>The Office's texts: two resource files, Cyrillic written from the Latin, the page's language as the request's culture.</summary>
public sealed class OfficeTextTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static IStringLocalizer<OfficeText> Localizer()
    {
        var services = new ServiceCollection().AddLogging().AddOfficeLocalization().BuildServiceProvider();
        return services.GetRequiredService<IStringLocalizer<OfficeText>>();
    }

    private static string In(string uiCulture, Func<string> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(uiCulture);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Each_language_reads_its_own_text_and_cyrillic_is_written_from_the_montenegrin()
    {
        var l = Localizer();
        Assert.Equal("Audit log", In("en", () => l["Audit.Title"]));
        Assert.Equal("Evidencija izmjena", In("cnr", () => l["Audit.Title"]));
        Assert.Equal("Евиденција измјена", In("cnr-Cyrl", () => l["Audit.Title"]));
        // The pattern is transliterated, the values put in it are not.
        Assert.Equal("Страна 2 од 7", In("cnr-Cyrl", () => l["Grid.PageOf", 2, 7]));
        Assert.Equal("Odlazna pošta", In("cnr", () => l["Nav.Outbox"]));
    }

    [Fact]
    public void Every_english_text_has_its_montenegrin_beside_it_and_no_more()
    {
        var resources = new ResourceManager(typeof(OfficeText).FullName!, typeof(OfficeText).Assembly);
        static Dictionary<string, string> Read(ResourceSet set) =>
            set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
        var english = Read(resources.GetResourceSet(CultureInfo.InvariantCulture, true, false)!);
        var montenegrin = Read(resources.GetResourceSet(CultureInfo.GetCultureInfo("cnr"), true, false)
            ?? throw new InvalidOperationException("no cnr satellite assembly beside the program"));
        Assert.True(english.Count > 40);
        Assert.Empty(english.Keys.Except(montenegrin.Keys));
        Assert.Empty(montenegrin.Keys.Except(english.Keys));
        // A text written in both files in English is a translation not done ("Elsa Studio" and the name stay as they are).
        string[] sameInBoth = ["App.Name", "Nav.Studio"];
        Assert.Empty(english.Where(e => montenegrin[e.Key] == e.Value && !sameInBoth.Contains(e.Key) && e.Value.Any(char.IsLetter)).Select(e => e.Key));
    }

    [Fact]
    public void The_language_chosen_on_a_page_sets_the_culture_it_is_written_and_formatted_in()
    {
        Assert.Equal("sr-Latn-ME", OfficeLanguages.FormattingCulture("cnr").Name);
        Assert.Equal("cnr-Cyrl", OfficeLanguages.UiCulture("CNR-cyrl").Name);
        Assert.Equal("cnr", OfficeLanguages.UiCulture("cnr-Cyrl").Parent.Name);
        Assert.Equal("1. oktobar 2012.", new DateTime(2012, 10, 1).ToString("d. MMMM yyyy.", OfficeLanguages.FormattingCulture("cnr")));
        Assert.Equal("1. октобар 2012.", new DateTime(2012, 10, 1).ToString("d. MMMM yyyy.", OfficeLanguages.FormattingCulture("cnr-Cyrl")));
    }

    [Fact]
    public async Task A_page_asked_for_in_cyrillic_is_written_in_cyrillic_and_the_choice_is_remembered()
    {
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var html = await client.GetStringAsync("/office/audit?lang=cnr-Cyrl");
        Assert.Contains("<html lang=\"cnr-Cyrl\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Евиденција измјена</h1>", html, StringComparison.Ordinal);
        Assert.Contains(">Одјава</button>", html, StringComparison.Ordinal);

        var again = await client.GetStringAsync("/office/audit");
        Assert.Contains("<h1>Евиденција измјена</h1>", again, StringComparison.Ordinal);
        var latin = await client.GetAsync("/office/audit?lang=cnr");
        Assert.Equal(HttpStatusCode.OK, latin.StatusCode);
        Assert.Contains("<h1>Evidencija izmjena</h1>", await latin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
