using System.Collections.Concurrent;
using System.Globalization;
using PlanWorkflows.Core.Catalogue;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Core.Schedules;

/// <summary>
/// Working days for due dates and escalation: Monday–Friday except public holidays. Holidays come
/// from editable data (<c>workflows/calendar/holidays-me.yaml</c>) so the Office can follow changes
/// in the law or one-off Government decisions without a release.
/// </summary>
public sealed class WorkingDayCalendar
{
    // A calendar that marks every day as a holiday would otherwise loop for ever.
    private const int MaxSearchDays = 3660;

    private readonly IReadOnlyList<HolidayRule> _rules;
    private readonly IReadOnlyList<(DateOnly Date, string Name)> _extraDates;
    // IsHoliday runs inside every working-day loop, so each year's dates are computed once.
    private readonly ConcurrentDictionary<int, YearHolidays> _byYear = new();

    private WorkingDayCalendar(string source, IReadOnlyList<HolidayRule> rules, IReadOnlyList<(DateOnly Date, string Name)> extraDates)
    {
        Source = source;
        _rules = rules;
        _extraDates = extraDates;
    }

    /// <summary>A calendar with no holidays at all, only weekends.</summary>
    public static WorkingDayCalendar WeekendsOnly { get; } = new("weekends-only", [], []);

    /// <summary>Where the holiday data came from, for messages.</summary>
    public string Source { get; }

    public static WorkingDayCalendar Load(string yamlPath)
    {
        ArgumentNullException.ThrowIfNull(yamlPath);
        var text = ImportException.ReadText(yamlPath, "holiday calendar");

        return Parse(text, yamlPath);
    }

    /// <summary>
    /// Reads the holiday YAML. Anything wrong (syntax, unknown keys, impossible dates) is an
    /// <see cref="ImportException"/> naming <paramref name="sourceName"/> and the line, because a
    /// silently ignored holiday would move every due date computed from it.
    /// </summary>
    public static WorkingDayCalendar Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var stream = YamlSource.Load(yaml, sourceName);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var line = stream.Documents.Count == 0 ? 1 : LineOf(stream.Documents[0].RootNode.Start);
            throw new ImportException(sourceName, line, "expected a mapping with 'holidays:' (and optionally 'dates:', 'sunday-moves-to-monday:')");
        }

        var reader = new Reader(sourceName);
        var sundayMoves = false;
        var rules = new List<HolidayRule>();
        var extra = new List<(DateOnly, string)>();
        YamlSequenceNode? holidays = null;
        YamlSequenceNode? dates = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = reader.Scalar(keyNode, "key");
            switch (key)
            {
                case "country" or "name" or "description" or "law":
                    reader.Scalar(value, key);
                    break;
                case "sunday-moves-to-monday":
                    sundayMoves = reader.Bool(value, key);
                    break;
                case "holidays":
                    holidays = reader.Sequence(value, key);
                    break;
                case "dates":
                    dates = reader.Sequence(value, key);
                    break;
                default:
                    throw reader.Error(keyNode, $"unknown key '{key}' (expected country, sunday-moves-to-monday, holidays, dates)");
            }
        }

        foreach (var item in holidays?.Children ?? [])
        {
            rules.Add(ReadRule(reader, item, sundayMoves));
        }

        foreach (var item in dates?.Children ?? [])
        {
            extra.Add(ReadExtraDate(reader, item));
        }

        return new WorkingDayCalendar(sourceName, rules, extra);
    }

    public bool IsHoliday(DateOnly date) => HolidayDates(date.Year).Contains(date);

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>The date itself if it is a working day, else the next working day.</summary>
    public DateOnly OnOrAfter(DateOnly date) => Seek(date, 1);

    /// <summary>The date itself if it is a working day, else the previous working day.</summary>
    public DateOnly OnOrBefore(DateOnly date) => Seek(date, -1);

    /// <summary>
    /// Moves <paramref name="n"/> working days forward (or back when negative), not counting the start
    /// date: Friday + 1 is Monday. <paramref name="n"/> = 0 returns the date unchanged.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        var step = Math.Sign(n);
        var remaining = Math.Abs(n);
        var d = date;
        var guard = 0;
        while (remaining > 0)
        {
            d = d.AddDays(step);
            if (IsWorkingDay(d))
            {
                remaining--;
                guard = 0;
            }
            else if (++guard > MaxSearchDays)
            {
                throw new InvalidOperationException($"{Source}: no working day within {MaxSearchDays} days of {d:yyyy-MM-dd}.");
            }
        }

        return d;
    }

    /// <summary>
    /// Working days in (<paramref name="from"/>, <paramref name="to"/>]: the inverse of
    /// <see cref="AddWorkingDays"/>, negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Holidays falling in <paramref name="year"/>, including Sunday substitutes, in date order.</summary>
    public IReadOnlyList<(DateOnly Date, string Name)> Holidays(int year) => ForYear(year).List;

    private HashSet<DateOnly> HolidayDates(int year) => ForYear(year).Dates;

    private YearHolidays ForYear(int year) => _byYear.GetOrAdd(year, y =>
    {
        var list = Compute(y);
        return new YearHolidays(list, [.. list.Select(h => h.Date)]);
    });

    private DateOnly Seek(DateOnly date, int step)
    {
        var d = date;
        for (var i = 0; i <= MaxSearchDays; i++, d = d.AddDays(step))
        {
            if (IsWorkingDay(d))
            {
                return d;
            }
        }

        throw new InvalidOperationException($"{Source}: no working day within {MaxSearchDays} days of {date:yyyy-MM-dd}.");
    }

    private IReadOnlyList<(DateOnly Date, string Name)> Compute(int year)
    {
        // A Sunday holiday late in December could be substituted into January, so the previous
        // year's substitutes are computed too and kept only if they land in this year.
        var result = new List<(DateOnly Date, string Name)>();
        foreach (var y in new[] { year - 1, year })
        {
            if (y < 1)
            {
                continue;
            }

            result.AddRange(WithSubstitutes(y).Where(h => h.Date.Year == year));
        }

        result.AddRange(_extraDates.Where(d => d.Date.Year == year));
        return [.. result.DistinctBy(h => (h.Date, h.Name)).OrderBy(h => h.Date).ThenBy(h => h.Name, StringComparer.Ordinal)];
    }

    private List<(DateOnly Date, string Name)> WithSubstitutes(int year)
    {
        var own = new List<(DateOnly Date, string Name, bool Moves)>();
        foreach (var rule in _rules)
        {
            if (rule.DateIn(year) is { } date)
            {
                own.Add((date, rule.Name, rule.SundayMovesToMonday));
            }
        }

        var taken = own.Select(h => h.Date).ToHashSet();
        var result = own.Select(h => (h.Date, h.Name)).ToList();
        // Substitutes are assigned in date order so that two-day holidays on Sunday–Monday (1–2 January
        // 2017) give the Tuesday, and a later Sunday holiday does not reuse a substitute already given.
        foreach (var h in own.Where(h => h.Moves && h.Date.DayOfWeek == DayOfWeek.Sunday).OrderBy(h => h.Date))
        {
            var d = h.Date.AddDays(1);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || taken.Contains(d))
            {
                d = d.AddDays(1);
            }

            taken.Add(d);
            result.Add((d, $"{h.Name} (moved from Sunday {h.Date:yyyy-MM-dd})"));
        }

        return result;
    }

    /// <summary>
    /// Orthodox Easter Sunday as a Gregorian date: the Julian computus (Meeus) gives the Julian-calendar
    /// date, converted through the day number so any century's offset is right.
    /// </summary>
    public static DateOnly OrthodoxEaster(int year)
    {
        var a = year % 4;
        var b = year % 7;
        var c = year % 19;
        var d = ((19 * c) + 15) % 30;
        var e = ((2 * a) + (4 * b) - d + 34) % 7;
        var month = (d + e + 114) / 31;
        var day = ((d + e + 114) % 31) + 1;
        return FromJulian(year, month, day);
    }

    private static DateOnly FromJulian(int year, int month, int day)
    {
        var a = (14 - month) / 12;
        var y = year + 4800 - a;
        var m = month + (12 * a) - 3;
        var julianDayNumber = day + (((153 * m) + 2) / 5) + (365 * y) + (y / 4) - 32083;
        // 1721426 is the Julian Day Number of 0001-01-01 (proleptic Gregorian), DateOnly's day 0.
        return DateOnly.FromDayNumber(julianDayNumber - 1721426);
    }

    private static HolidayRule ReadRule(Reader reader, YamlNode item, bool sundayMovesDefault)
    {
        var map = reader.Mapping(item, "holiday");
        string? name = null;
        (int Month, int Day)? monthDay = null;
        int? easterOffset = null;
        int? from = null;
        int? until = null;
        var moves = sundayMovesDefault;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = reader.Scalar(keyNode, "key");
            switch (key)
            {
                case "name":
                    name = reader.Scalar(value, key);
                    break;
                case "month-day":
                    monthDay = reader.MonthDay(value, key);
                    break;
                case "orthodox-easter":
                    easterOffset = reader.Int(value, key, -200, 200);
                    break;
                case "sunday-moves-to-monday":
                    moves = reader.Bool(value, key);
                    break;
                case "from":
                    from = reader.Int(value, key, 1, 9999);
                    break;
                case "until":
                    until = reader.Int(value, key, 1, 9999);
                    break;
                default:
                    throw reader.Error(keyNode, $"unknown key '{key}' in holiday (expected name, month-day, orthodox-easter, sunday-moves-to-monday, from, until)");
            }
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw reader.Error(item, "holiday needs a 'name'");
        }

        if (monthDay is null == easterOffset is null)
        {
            throw reader.Error(item, $"holiday '{name}' needs exactly one of 'month-day' (MM-DD) or 'orthodox-easter' (offset in days)");
        }

        if (from > until)
        {
            throw reader.Error(item, $"holiday '{name}': 'from' {from} is after 'until' {until}");
        }

        return new HolidayRule(name, monthDay, easterOffset, moves, from, until);
    }

    private static (DateOnly, string) ReadExtraDate(Reader reader, YamlNode item)
    {
        var map = reader.Mapping(item, "date entry");
        DateOnly? date = null;
        string? name = null;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = reader.Scalar(keyNode, "key");
            switch (key)
            {
                case "date":
                    date = reader.Date(value, key);
                    break;
                case "name":
                    name = reader.Scalar(value, key);
                    break;
                default:
                    throw reader.Error(keyNode, $"unknown key '{key}' in dates entry (expected date, name)");
            }
        }

        if (date is null || string.IsNullOrWhiteSpace(name))
        {
            throw reader.Error(item, "dates entry needs 'date' (YYYY-MM-DD) and 'name'");
        }

        return (date.Value, name);
    }

    private static int LineOf(Mark mark) => YamlSource.LineOf(mark);

    private sealed record YearHolidays(IReadOnlyList<(DateOnly Date, string Name)> List, HashSet<DateOnly> Dates);

    private sealed record HolidayRule(string Name, (int Month, int Day)? MonthDay, int? EasterOffset, bool SundayMovesToMonday, int? From, int? Until)
    {
        public DateOnly? DateIn(int year)
        {
            if (year < (From ?? 1) || year > (Until ?? 9998) || year < 1 || year > 9998)
            {
                return null;
            }

            if (MonthDay is { } md)
            {
                // 29 February exists only in leap years; elsewhere the holiday simply does not occur.
                return md.Day <= DateTime.DaysInMonth(year, md.Month) ? new DateOnly(year, md.Month, md.Day) : null;
            }

            var date = OrthodoxEaster(year).AddDays(EasterOffset!.Value);
            return date.Year == year ? date : null;
        }
    }

    private sealed class Reader(string source)
    {
        public ImportException Error(YamlNode node, string message) => new(source, LineOf(node.Start), message);

        public string Scalar(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } v } ? v.Trim() : throw Error(node, $"'{what}' must be a single value");

        public YamlSequenceNode Sequence(YamlNode node, string what) => node switch
        {
            YamlSequenceNode seq => seq,
            // "holidays:" with nothing after it reads as an empty scalar; treat as an empty list.
            YamlScalarNode { Value: null or "" or "~" or "null" } => new YamlSequenceNode(),
            _ => throw Error(node, $"'{what}' must be a list"),
        };

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"each {what} must be a mapping of keys to values");

        public bool Bool(YamlNode node, string what) => Scalar(node, what).ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var v => throw Error(node, $"'{what}' must be true or false, not '{v}'"),
        };

        public int Int(YamlNode node, string what, int min, int max)
        {
            var v = Scalar(node, what);
            if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                throw Error(node, $"'{what}' must be a whole number from {min} to {max}, not '{v}'");
            }

            return n;
        }

        public (int Month, int Day) MonthDay(YamlNode node, string what)
        {
            var v = Scalar(node, what);
            // 2000 is a leap year, so 02-29 is accepted here and skipped in other years.
            if (!DateOnly.TryParseExact("2000-" + v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw Error(node, $"'{what}' must be MM-DD (e.g. 07-13), not '{v}'");
            }

            return (d.Month, d.Day);
        }

        public DateOnly Date(YamlNode node, string what)
        {
            var v = Scalar(node, what);
            if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw Error(node, $"'{what}' must be YYYY-MM-DD, not '{v}'");
            }

            return d;
        }
    }
}
