namespace PlanWorkflows.Core.Mail;

/// <summary>Finds the <c>email-templates/</c> folder: the one shipped beside the program, else the working directory's.</summary>
public static class EmailTemplatesFolder
{
    public const string Name = "email-templates";

    public static string Locate()
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, Name), Path.Combine(Directory.GetCurrentDirectory(), Name) })
        {
            if (MailLanguages.All.Any(l => Directory.Exists(Path.Combine(candidate, l))))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, Name);
    }
}
