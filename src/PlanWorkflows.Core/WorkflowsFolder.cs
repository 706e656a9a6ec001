namespace PlanWorkflows.Core;

/// <summary>
/// Finds the <c>workflows/</c> folder that holds institutions, calendars, plans and definitions:
/// the one beside a given catalogue, else the one shipped with the program, else the working directory's.
/// </summary>
public static class WorkflowsFolder
{
    public const string InstitutionsFile = "institutions.yaml";
    public const string HolidaysFile = "calendar/holidays-me.yaml";
    public const string DefaultCatalogue = "plans/action-plan-2012-2013.yaml";
    public const string DefinitionsFolder = "definitions";
    public const string BindingsFile = "definitions/bindings.yaml";

    public static string Locate(string? nearFile = null)
    {
        if (nearFile is not null)
        {
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(nearFile)) ?? "."); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, InstitutionsFile)))
                {
                    return dir.FullName;
                }

                var nested = Path.Combine(dir.FullName, "workflows");
                if (File.Exists(Path.Combine(nested, InstitutionsFile)))
                {
                    return nested;
                }
            }
        }

        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "workflows"), Path.Combine(Directory.GetCurrentDirectory(), "workflows") })
        {
            if (File.Exists(Path.Combine(candidate, InstitutionsFile)))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "workflows");
    }
}
