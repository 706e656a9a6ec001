using System.CommandLine;
using MimeKit;
using PlanWorkflows.Core.Inbound;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>inbox parse</c>: what the inbox reader makes of one mail, as JSON, so the Office can see why it went where it went.</summary>
internal static class InboxCommands
{
    public static Command Build()
    {
        var inbox = new Command("inbox", "Look at inbound mail the way the inbox reader does.");
        inbox.Subcommands.Add(Parse());
        inbox.Subcommands.Add(ReviewCommands.Build());
        return inbox;
    }

    private static Command Parse()
    {
        var file = new Argument<string>("file") { Description = "A mail as a .eml file (raw RFC 5322)." };
        var domain = new Option<string?>("--reply-domain") { Description = "Domain of the reports+TOKEN@ reply address (default: Mail:ReplyDomain from configuration, else planworkflows.local)." };
        var command = new Command("parse", "Print the kind, token, form items and warnings of one mail as JSON.") { file, domain };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"{path}: no such file");
            }

            var options = new InboundParserOptions
            {
                ReplyDomain = result.GetValue(domain) ?? CliConfiguration.Load()["Mail:ReplyDomain"] ?? "planworkflows.local",
            };

            var size = new FileInfo(path).Length;
            ParsedMail parsed;
            if (size > options.MaxMessageBytes)
            {
                // Refused unread, as the reader would: the JSON says why.
                using var huge = File.OpenRead(path);
                parsed = InboundParser.Parse(huge, options);
            }
            else
            {
                MimeMessage message;
                try
                {
                    using var stream = File.OpenRead(path);
                    message = MimeMessage.Load(stream);
                }
                catch (FormatException ex)
                {
                    throw new CliException($"{path}: not a mail message ({ex.Message})");
                }

                if (!InboundParser.LooksLikeMail(message))
                {
                    throw new CliException($"{path}: not a mail message (no From, To, Date, Subject or Message-Id header)");
                }

                parsed = InboundParser.Parse(message, options, size);
            }

            CliIo.Out(result).WriteLine(parsed.ToJson());
            return 0;
        }));
        return command;
    }
}
