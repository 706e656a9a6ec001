using System.Globalization;

namespace PlanWorkflows.Core.Packs;

/// <summary>The Working Group's meetings (<c>Meetings</c> section): the dates packs are assembled for.</summary>
public sealed class MeetingOptions
{
    public const string SectionName = "Meetings";

    /// <summary>Meeting dates as yyyy-MM-dd.</summary>
    public IList<string> Dates { get; } = [];

    /// <summary>The dates, parsed and in order; a date that does not parse is an error the service refuses to start with.</summary>
    public IReadOnlyList<DateOnly> Parse()
    {
        var dates = new SortedSet<DateOnly>();
        foreach (var text in Dates)
        {
            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"{SectionName}:Dates: '{text}' is not a date as yyyy-MM-dd");
            }

            dates.Add(date);
        }

        return [.. dates];
    }
}
