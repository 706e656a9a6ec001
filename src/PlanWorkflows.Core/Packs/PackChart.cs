namespace PlanWorkflows.Core.Packs;

/// <summary>The summary as a bar chart, PNG: the one picture Word, browsers and mail clients all show.</summary>
public static class PackChart
{
    public const int Width = 800;
    public const int Height = 400;

    public static byte[] SummaryPng(PackData pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var plot = new ScottPlot.Plot();
        var bars = pack.Summary.Select((s, i) => new ScottPlot.Bar
        {
            Position = i,
            Value = s.Activities,
            // "No report received" in grey, so it never reads as a status an institution chose.
            FillColor = s.Status is null ? ScottPlot.Colors.Gray : ScottPlot.Colors.SteelBlue,
            Label = s.Activities.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. pack.Summary.Select((_, i) => (double)i)], [.. pack.Summary.Select(s => Wrap(s.Label))]);
        plot.Axes.Margins(bottom: 0);
        // Activities are counted, never halved.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(pack.Labels.ByStatus);
        plot.YLabel(pack.Labels.Activities);
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }

    // Long vocabulary words on two lines, so six labels fit under the bars.
    private static string Wrap(string label)
    {
        var space = label.LastIndexOf(' ', label.Length / 2 + 2);
        return label.Length > 14 && space > 0 ? label[..space] + "\n" + label[(space + 1)..] : label;
    }
}
