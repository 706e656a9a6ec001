using System.Text;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Transliteration;

namespace PlanWorkflows.Core.Tests.Transliteration;

public sealed partial class MontenegrinScriptTests
{
    [Theory]
    [InlineData("abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш")]
    [InlineData("ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ", "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ")]
    [InlineData("ljubav njiva džak", "љубав њива џак")]
    [InlineData("Ljubav Njiva Džak", "Љубав Њива Џак")]
    [InlineData("LJUBAV NJIVA DŽAK", "ЉУБАВ ЊИВА ЏАК")]
    [InlineData("Ljubljana Njegoš Džaja", "Љубљана Његош Џаја")]
    [InlineData("śekira Śutra", "с\u0301екира С\u0301утра")]
    [InlineData("iźesti Źenica", "из\u0301ести З\u0301еница")]
    [InlineData("ŚEKIRA", "С\u0301ЕКИРА")]
    [InlineData("gdje djeca odjeljenje", "гдје дјеца одјељење")]
    public void Maps_the_Montenegrin_alphabet_with_its_digraphs_and_case(string latin, string cyrillic)
    {
        Assert.Equal(cyrillic, MontenegrinScript.ToCyrillic(latin));
    }

    [Fact]
    public void A_decomposed_acute_or_caron_reads_as_the_composed_letter()
    {
        Assert.Equal("с\u0301утра ж", MontenegrinScript.ToCyrillic("s\u0301utra z\u030C"));
    }

    [Theory]
    // Prefixes nad-, pod-, od- before a word with ž: d and ž are two letters.
    [InlineData("nadživjeti", "надживјети")]
    [InlineData("Nadživio", "Надживио")]
    [InlineData("podžupan", "поджупан")]
    [InlineData("Podžanr", "Поджанр")]
    [InlineData("odžaliti", "оджалити")]
    [InlineData("PODŽUPAN", "ПОДЖУПАН")]
    // in-/kon-/van-/pan- before j in loanwords: n and j are two letters.
    [InlineData("injekcija", "инјекција")]
    [InlineData("INJEKCIJA", "ИНЈЕКЦИЈА")]
    [InlineData("Injekcije", "Инјекције")]
    [InlineData("konjunktura", "конјунктура")]
    [InlineData("konjugacija", "конјугација")]
    [InlineData("vanjezički", "ванјезички")]
    [InlineData("panjugoslovenski", "панјугословенски")]
    // ... while the same letters elsewhere are one letter.
    [InlineData("konj konji", "коњ коњи")]
    [InlineData("džep odžak narudžba", "џеп оџак наруџба")]
    [InlineData("injekcija i konj", "инјекција и коњ")]
    public void Known_words_keep_their_digraph_as_two_letters(string latin, string cyrillic)
    {
        Assert.Equal(cyrillic, MontenegrinScript.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("Obrazac: https://reports.antitrafficking.gov.me/form/abc. Pišite na kancelarija@mup.gov.me.",
        "Образац: https://reports.antitrafficking.gov.me/form/abc. Пишите на kancelarija@mup.gov.me.")]
    [InlineData("Odgovor na reports+q3RzPxK9aLmN@antitrafficking.gov.me ili www.gov.me/mup, (vidi http://mup.gov.me/kancelarija)",
        "Одговор на reports+q3RzPxK9aLmN@antitrafficking.gov.me или www.gov.me/mup, (види http://mup.gov.me/kancelarija)")]
    [InlineData("Aktivnost EDU 1.1.2 za period 2013-H1 i 2012-Q3", "Активност EDU 1.1.2 за период 2013-H1 и 2012-Q3")]
    [InlineData("Rok: 1. oktobar 2012. u 10:00, ukupno 1.250 eura", "Рок: 1. октобар 2012. у 10:00, укупно 1.250 еура")]
    [InlineData("----- OBRAZAC ZA ODGOVOR (oznaka q3RzP-xK_9aLmN2bVc8wYg) -----", "----- ОБРАЗАЦ ЗА ОДГОВОР (ознака q3RzP-xK_9aLmN2bVc8wYg) -----")]
    [InlineData("oznaka AbcDefGhiJkl", "ознака AbcDefGhiJkl")]
    [InlineData("oznaka abcdefghijklmnopqrstuv", "ознака abcdefghijklmnopqrstuv")]
    [InlineData("Poštovani {{ contact.name }}, rok je {due}.", "Поштовани {{ contact.name }}, рок је {due}.")]
    [InlineData("{{ if item.last_report }}Posljednji izvještaj{{ end }}", "{{ if item.last_report }}Посљедњи извјештај{{ end }}")]
    [InlineData("[STATUS] Realizovano [/STATUS] [1.1.2] Status: ___", "[STATUS] Реализовано [/STATUS] [1.1.2] Статус: ___")]
    [InlineData("IV kvartal 2012. godine, III kvartal, I kvartal", "IV квартал 2012. године, III квартал, I квартал")]
    [InlineData("I ovo je važno", "И ово је важно")]
    [InlineData("TRGOVINE LJUDIMA 2012–2013, PLAN 2012-2013", "ТРГОВИНЕ ЉУДИМА 2012–2013, ПЛАН 2012-2013")]
    [InlineData("Dokument u formatu Word ili Excel (Skype)", "Документ у формату Word или Excel (Skype)")]
    [InlineData("NVO, UNICEF i OEBS", "НВО, УНИЦЕФ и ОЕБС")]
    [InlineData("prikazuju se komandom \"extensions list\"; odluka komandom \"extensions decline <id> --comment ...\".",
        "приказују се командом \"extensions list\"; одлука командом \"extensions decline <id> --comment ...\".")]
    [InlineData("Kliknite \"Pošalji\"", "Кликните \"Пошаљи\"")]
    [InlineData("Već ćirilica: Подгорица", "Већ ћирилица: Подгорица")]
    public void Leaves_what_is_not_Montenegrin_text_as_written(string latin, string cyrillic)
    {
        Assert.Equal(cyrillic, MontenegrinScript.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("""<p style="color:#555555">Rok: <strong>1. oktobar 2012.</strong></p>""",
        """<p style="color:#555555">Рок: <strong>1. октобар 2012.</strong></p>""")]
    [InlineData("""<a href="https://reports.antitrafficking.gov.me/form/abc" title="Otvori obrazac">Otvori obrazac</a>""",
        """<a href="https://reports.antitrafficking.gov.me/form/abc" title="Otvori obrazac">Отвори образац</a>""")]
    [InlineData("""<!DOCTYPE html><html lang="cnr"><head><title>Podsjećanje</title></head>""",
        """<!DOCTYPE html><html lang="cnr"><head><title>Подсјећање</title></head>""")]
    [InlineData("&nbsp;Rok&amp;nešto&#8211;kraj", "&nbsp;Рок&amp;нешто&#8211;крај")]
    [InlineData("""<pre translate="no">Status: ___<b>Opis</b></pre><p>Status</p>""", """<pre translate="no">Status: ___<b>Opis</b></pre><p>Статус</p>""")]
    [InlineData("""<div translate="no"><div>Opis</div>Status</div>Opis""", """<div translate="no"><div>Opis</div>Status</div>Опис""")]
    [InlineData("<!-- komentar --><style>p{color:red}</style><code>plan import</code>Uvoz",
        "<!-- komentar --><style>p{color:red}</style><code>plan import</code>Увоз")]
    [InlineData("""<img alt="a > b" src="slika.png">tekst<br/>još""", """<img alt="a > b" src="slika.png">текст<br/>још""")]
    public void Html_changes_text_nodes_only(string html, string cyrillic)
    {
        Assert.Equal(cyrillic, MontenegrinScript.HtmlToCyrillic(html));
    }

    public static TheoryData<string> CnrTemplates()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine("email-templates", "cnr"), "*.sbn").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    /// <summary>
    /// Every Montenegrin mail template, as written: the Scriban code is untouched, the text reads back to the same Latin
    /// letter for letter, and no Latin letter is left outside code, links and addresses.
    /// </summary>
    [Theory]
    [MemberData(nameof(CnrTemplates))]
    public void Every_Montenegrin_mail_template_transliterates_without_loss(string file)
    {
        var latin = File.ReadAllText(RepoPaths.Combine("email-templates", "cnr", file));
        var cyrillic = file.Contains(".html", StringComparison.Ordinal) ? MontenegrinScript.HtmlToCyrillic(latin) : MontenegrinScript.ToCyrillic(latin);

        Assert.Equal(Scriban().Matches(latin).Select(m => m.Value), Scriban().Matches(cyrillic).Select(m => m.Value));
        Assert.Equal(latin, ToLatin(cyrillic));
        var text = file.Contains(".html", StringComparison.Ordinal) ? Tag().Replace(cyrillic, " ") : cyrillic;
        var left = LatinWord().Matches(Scriban().Replace(text, " ")).Select(m => m.Value).Where(w => !AllowedLatin.Contains(w)).ToList();
        Assert.True(left.Count == 0, $"{file}: Latin left in the Cyrillic text: {string.Join(", ", left)}");
    }

    /// <summary>The whole Montenegrin plan: every translated field reads back letter for letter and keeps no Latin letter.</summary>
    [Fact]
    public void Every_Montenegrin_text_of_the_shipped_plan_transliterates_without_loss()
    {
        var translations = PlanWorkflows.Core.Catalogue.PlanTranslations.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.cnr.yaml"));
        Assert.True(translations.Entries.Count > 500);
        foreach (var entry in translations.Entries)
        {
            var cyrillic = MontenegrinScript.ToCyrillic(entry.Text);
            Assert.Equal(entry.Text, ToLatin(cyrillic));
            Assert.True(!LatinWord().IsMatch(cyrillic), $"line {entry.Line}: Latin left in {cyrillic}");
        }
    }

    /// <summary>Montenegrin phrases of the plan, the institutions and the app, as people will read them in Cyrillic.</summary>
    [Theory]
    [InlineData("Kancelarija za borbu protiv trgovine ljudima", "Канцеларија за борбу против трговине људима")]
    [InlineData("Ministarstvo unutrašnjih poslova", "Министарство унутрашњих послова")]
    [InlineData("Ministarstvo rada i socijalnog staranja", "Министарство рада и социјалног старања")]
    [InlineData("Ministarstvo prosvjete i sporta", "Министарство просвјете и спорта")]
    [InlineData("Ministarstvo za ljudska i manjinska prava", "Министарство за људска и мањинска права")]
    [InlineData("Vrhovno državno tužilaštvo", "Врховно државно тужилаштво")]
    [InlineData("Zaštitnik ljudskih prava i sloboda Crne Gore", "Заштитник људских права и слобода Црне Горе")]
    [InlineData("Uprava policije, Crveni krst Crne Gore, nevladine organizacije", "Управа полиције, Црвени крст Црне Горе, невладине организације")]
    [InlineData("Radna grupa za praćenje realizacije Strategije", "Радна група за праћење реализације Стратегије")]
    [InlineData("Realizovano / Kontinuirano se realizuje / Djelimično realizovano / Nije realizovano / Nije primjenljivo",
        "Реализовано / Континуирано се реализује / Дјелимично реализовано / Није реализовано / Није примјенљиво")]
    [InlineData("Podsjećanje: izvještaj za period 2012-Q3", "Подсјећање: извјештај за период 2012-Q3")]
    [InlineData("Posljednji izvještaj: još nije dostavljen", "Посљедњи извјештај: још није достављен")]
    [InlineData("Sjednica Radne grupe", "Сједница Радне групе")]
    [InlineData("Srdačan pozdrav, S poštovanjem, Lijep pozdrav", "Срдачан поздрав, С поштовањем, Лијеп поздрав")]
    [InlineData("Broj održanih predavanja i radionica", "Број одржаних предавања и радионица")]
    [InlineData("Izrada, štampanje i distribucija edukativnog materijala o svim oblicima trgovine ljudima/djecom",
        "Израда, штампање и дистрибуција едукативног материјала о свим облицима трговине људима/дјецом")]
    [InlineData("Zakon o strancima, Zakonik o krivičnom postupku", "Закон о странцима, Законик о кривичном поступку")]
    [InlineData("Obuka sudija i državnih tužilaca za prepoznavanje žrtava", "Обука судија и државних тужилаца за препознавање жртава")]
    [InlineData("Sklonište za žrtve trgovine ljudima; SOS linija", "Склониште за жртве трговине људима; СОС линија")]
    [InlineData("Podrška njihovoj reintegraciji i džepni priručnik", "Подршка њиховој реинтеграцији и џепни приручник")]
    public void Plan_and_institution_phrases(string latin, string cyrillic)
    {
        Assert.Equal(cyrillic, MontenegrinScript.ToCyrillic(latin));
        Assert.Equal(latin, ToLatin(cyrillic));
    }

    // What stays Latin in a Cyrillic mail: the CLI commands quoted for the Office ("extensions approve <id>") and the
    // character references around them.
    private static readonly HashSet<string> AllowedLatin = new(["extensions", "list", "approve", "decline", "id", "comment", "lt", "gt"], StringComparer.Ordinal);

    private static readonly Dictionary<char, string> Back = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['ђ'] = "đ", ['е'] = "e", ['ж'] = "ž", ['з'] = "z",
        ['и'] = "i", ['ј'] = "j", ['к'] = "k", ['л'] = "l", ['љ'] = "lj", ['м'] = "m", ['н'] = "n", ['њ'] = "nj", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['ћ'] = "ć", ['у'] = "u", ['ф'] = "f", ['х'] = "h", ['ц'] = "c",
        ['ч'] = "č", ['џ'] = "dž", ['ш'] = "š",
    };

    /// <summary>The reverse mapping, written independently of the code under test: Љ is LJ in an all-capital word.</summary>
    private static string ToLatin(string cyrillic)
    {
        var result = new StringBuilder(cyrillic.Length);
        for (var i = 0; i < cyrillic.Length; i++)
        {
            var c = cyrillic[i];
            var lower = char.ToLowerInvariant(c);
            if (!Back.TryGetValue(lower, out var latin))
            {
                result.Append(c);
                continue;
            }

            if (char.IsUpper(c))
            {
                var next = i + 1 < cyrillic.Length ? cyrillic[i + 1] : ' ';
                var previous = i > 0 ? cyrillic[i - 1] : ' ';
                var allCaps = char.IsUpper(next) || (!char.IsLower(next) && char.IsUpper(previous));
                latin = allCaps ? latin.ToUpperInvariant() : char.ToUpperInvariant(latin[0]) + latin[1..];
            }

            result.Append(latin);
        }

        return result.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Scriban();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[A-Za-zČčĆćŠšŽžĐđ]+")]
    private static partial Regex LatinWord();
}
