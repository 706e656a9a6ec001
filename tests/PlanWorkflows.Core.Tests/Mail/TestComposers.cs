using MimeKit;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Core.Tests.Mail;

/// <summary>Composers for outbox tests that are about sending, not about templates.</summary>
internal static class TestComposers
{
    /// <summary>One plain message per row, under the row's Message-Id.</summary>
    public static readonly OutboxComposer OneMailPerRow = rows => [.. rows.Select(row =>
    {
        var message = new MimeMessage { MessageId = row.MessageId, Subject = $"{row.Template} {row.Id}" };
        message.From.Add(new MailboxAddress("Office", "office@planworkflows.local"));
        message.To.AddRange(InternetAddressList.Parse(row.To));
        message.Body = new TextPart("plain") { Text = $"row {row.Id}" };
        return new ComposedMail(message, [row.Id]);
    })];
}
