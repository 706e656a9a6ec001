using System.Globalization;

namespace PlanWorkflows.Core.Vocabulary;

/// <summary>
/// Dates and numbers as each language writes them. Month names are spelled out here rather than taken from
/// a culture because the servers may run without ICU data, and no .NET culture is Montenegrin.
/// </summary>
public static class MailFormat
{
    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] MontenegrinMonths =
        ["januar", "februar", "mart", "april", "maj", "jun", "jul", "avgust", "septembar", "oktobar", "novembar", "decembar"];

    private static readonly NumberFormatInfo EnglishNumbers = new() { NumberGroupSeparator = ",", NumberDecimalSeparator = ".", NegativeSign = "-" };

    private static readonly NumberFormatInfo MontenegrinNumbers = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NegativeSign = "-" };

    private static readonly CultureInfo EnglishCulture = Culture(EnglishMonths, "d MMMM yyyy", EnglishNumbers);

    private static readonly CultureInfo MontenegrinCulture = Culture(MontenegrinMonths, "d. MMMM yyyy.", MontenegrinNumbers);

    /// <summary>
    /// The culture templates render under: Scriban prints dates and numbers through it, so <c>{{ item.due_date }}</c>
    /// reads <c>31 March 2013</c> or <c>31. mart 2013.</c> without a filter.
    /// </summary>
    public static CultureInfo CultureFor(string language) => IsMontenegrin(language) ? MontenegrinCulture : EnglishCulture;

    private static CultureInfo Culture(string[] months, string datePattern, NumberFormatInfo numbers)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        string[] thirteen = [.. months, string.Empty];
        culture.DateTimeFormat.MonthNames = thirteen;
        culture.DateTimeFormat.MonthGenitiveNames = thirteen;
        culture.DateTimeFormat.AbbreviatedMonthNames = thirteen;
        culture.DateTimeFormat.AbbreviatedMonthGenitiveNames = thirteen;
        culture.DateTimeFormat.ShortDatePattern = datePattern;
        culture.DateTimeFormat.LongDatePattern = datePattern;
        culture.NumberFormat.NumberGroupSeparator = numbers.NumberGroupSeparator;
        culture.NumberFormat.NumberDecimalSeparator = numbers.NumberDecimalSeparator;
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>en: <c>31 March 2013</c>; cnr: <c>31. mart 2013.</c></summary>
    public static string Date(DateOnly date, string language) => IsMontenegrin(language)
        ? $"{date.Day.ToString(CultureInfo.InvariantCulture)}. {MontenegrinMonths[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}."
        : $"{date.Day.ToString(CultureInfo.InvariantCulture)} {EnglishMonths[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>en: <c>1,234.5</c>; cnr: <c>1.234,5</c>. Whole numbers keep no decimals.</summary>
    public static string Number(decimal value, string language) =>
        value.ToString("#,0.##", IsMontenegrin(language) ? MontenegrinNumbers : EnglishNumbers);

    /// <summary>Dates and numbers in the mail's style; anything else as invariant text.</summary>
    public static string? Value(object? value, string language) => value switch
    {
        null => null,
        DateOnly d => Date(d, language),
        DateTime dt => Date(DateOnly.FromDateTime(dt), language),
        DateTimeOffset dto => Date(DateOnly.FromDateTime(dto.DateTime), language),
        int or long or short or byte or uint or ulong or ushort or sbyte => Number(Convert.ToDecimal(value, CultureInfo.InvariantCulture), language),
        decimal m => Number(m, language),
        double or float => Number(Convert.ToDecimal(value, CultureInfo.InvariantCulture), language),
        _ => null,
    };

    private static bool IsMontenegrin(string language) => MailLanguages.IsMontenegrin(language);
}
