using MailKit.Security;

namespace PlanWorkflows.Core.Replies;

/// <summary>The reports mailbox the inbox reader watches (IMAP). No host: no reader.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string Mailbox { get; set; } = "INBOX";

    /// <summary>How long to wait for news when the server cannot IDLE, and the longest IDLE before re-checking.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Bigger mails are stored but not read (a clear note for the Office).</summary>
    public long MaxMessageBytes { get; set; } = 25L * 1024 * 1024;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Host is { Length: > 0 })
        {
            if (Port is < 1 or > 65535)
            {
                errors.Add($"{SectionName}:Port must be 1–65535 (is {Port})");
            }

            if (string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password))
            {
                errors.Add($"{SectionName}:UserName and {SectionName}:Password are required when {SectionName}:Host is set");
            }
        }

        return errors;
    }
}
