using MailKit;
using MailKit.Net.Imap;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// Watches the reports mailbox: stores new mail, has it read, then waits — IDLE where the server
/// offers it, polling otherwise — and reconnects with growing delays when the connection drops.
/// Its waits are about a mail server, so they run in real time even under the demo clock.
/// </summary>
internal sealed partial class InboxWorker(
    MailboxFetcher fetcher,
    InboundProcessor processor,
    InboxOptions options,
    StartupGate gate,
    ILogger<InboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        // The configured longest delay also bounds the first one.
        var firstDelay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, options.MaxReconnectDelay.Ticks));
        var delay = firstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var client = new ImapClient();
                await client.ConnectAsync(options.Host!, options.Port, options.Security, stoppingToken).ConfigureAwait(false);
                await client.AuthenticateAsync(options.UserName!, options.Password!, stoppingToken).ConfigureAwait(false);
                LogConnected(logger, options.Host!, options.Mailbox, client.Capabilities.HasFlag(ImapCapabilities.Idle));
                delay = firstDelay;
                while (!stoppingToken.IsCancellationRequested)
                {
                    var fetched = await fetcher.FetchAsync(client, stoppingToken).ConfigureAwait(false);
                    var processed = await processor.ProcessNewAsync(stoppingToken).ConfigureAwait(false);
                    if (fetched.Stored + processed > 0)
                    {
                        LogRound(logger, fetched.Stored, processed);
                    }

                    await WaitForMailAsync(client, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogDisconnected(logger, ex, delay);
                await Task.Delay(delay, TimeProvider.System, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    private async Task WaitForMailAsync(ImapClient client, CancellationToken stoppingToken)
    {
        var folder = client.Inbox.IsOpen ? client.Inbox : (IMailFolder)await client.GetFolderAsync(options.Mailbox, stoppingToken).ConfigureAwait(false);
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(options.PollInterval, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            return;
        }

        // IDLE until the server announces new mail or the poll interval passes, whichever is first.
        using var done = new CancellationTokenSource(options.PollInterval, TimeProvider.System);
        void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
        folder.CountChanged += OnCountChanged;
        try
        {
            await client.IdleAsync(done.Token, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Inbox connected to {Host}/{Mailbox} (IDLE: {Idle})")]
    private static partial void LogConnected(ILogger logger, string host, string mailbox, bool idle);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Inbox stored {Stored} new mails, read {Processed}")]
    private static partial void LogRound(ILogger logger, int stored, int processed);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Inbox connection lost; reconnecting in {Delay}")]
    private static partial void LogDisconnected(ILogger logger, Exception exception, TimeSpan delay);
}
