using System.CommandLine;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// The one executable's verbs. Without a verb it runs the service; with one it does a single job
/// and exits 0, or non-zero with a one-line error that names the file and line.
/// </summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("PlanWorkflows: reminders, replies, escalations and meeting packs for the Action Plan.");
        root.Subcommands.Add(PlanCommands.Build());
        root.Subcommands.Add(DbCommands.Build());
        root.Subcommands.Add(InstanceCommands.Build());
        root.Subcommands.Add(SimulateCommand.Build());
        root.Subcommands.Add(TemplateCommands.Build());
        root.Subcommands.Add(DefinitionCommands.Build());
        root.Subcommands.Add(ReviewCommands.BuildReports());
        root.Subcommands.Add(InboxCommands.Build());
        root.Subcommands.Add(TokenCommands.Build());
        root.Subcommands.Add(StatusCommand.Build());
        root.Subcommands.Add(ExtensionCommands.Build());
        root.Subcommands.Add(PackCommands.Build());
        root.Subcommands.Add(UserCommands.Build());
        ServiceCommand.Attach(root);
        return root;
    }
}
