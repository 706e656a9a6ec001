namespace PlanWorkflows.Core.Tests.Mail;

/// <summary>A scratch template folder, optionally seeded with a copy of the shipped templates.</summary>
internal sealed class TemplateFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mail-templates-").FullName;

    public static TemplateFolder CopyOfShipped()
    {
        var folder = new TemplateFolder();
        var source = RepoPaths.Combine("email-templates");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(folder.Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return folder;
    }

    public string Write(string relative, string text)
    {
        var target = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
        return target;
    }

    public void Delete(string relative) => File.Delete(System.IO.Path.Combine(Path, relative));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
