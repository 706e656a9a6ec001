using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>templates check</c>: every mail template renders in every language, or the errors with file:line:column.</summary>
internal static class TemplateCommands
{
    public static Command Build()
    {
        var templates = new Command("templates", "Check the mail templates.");
        templates.Subcommands.Add(Check());
        return templates;
    }

    private static Command Check()
    {
        var folder = new Option<string?>("--templates") { Description = "Folder with en/ and cnr/ (default: the shipped email-templates)." };
        var command = new Command("check", "Render every template in both languages with sample data; list errors as file:line:column: message.") { folder };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var path = result.GetValue(folder) ?? EmailTemplatesFolder.Locate();
            if (!Directory.Exists(path))
            {
                throw new CliException($"{path}: mail templates folder not found");
            }

            var templates = MailTemplates.Load(path);
            var errors = templates.Check();
            foreach (var error in errors)
            {
                CliIo.Error(result).WriteLine(error);
            }

            if (errors.Count > 0)
            {
                return 1;
            }

            CliIo.Out(result).WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {templates.Names.Count} templates in {MailLanguages.All.Count} languages ({string.Join(", ", MailLanguages.All)}) render without errors"));
            return 0;
        }));
        return command;
    }
}
