using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Tests.Schedules;

/// <summary>Tests use the shipped data files, so the data itself is under test, not a copy of it.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<WorkingDayCalendar> MontenegroCalendar =
        new(() => WorkingDayCalendar.Load(HolidaysPath));

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PlanWorkflows.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No PlanWorkflows.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string HolidaysPath => Path.Combine(Root, "workflows", "calendar", "holidays-me.yaml");

    public static WorkingDayCalendar Montenegro => MontenegroCalendar.Value;
}
