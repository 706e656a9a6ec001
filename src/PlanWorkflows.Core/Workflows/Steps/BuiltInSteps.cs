using System.Globalization;
using System.Text.Json.Nodes;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Workflows.Steps;

/// <summary>The step types the engine ships; their descriptions live in <see cref="BuiltInStepMetadata"/>.</summary>
public static class BuiltInSteps
{
    public static IReadOnlyList<StepType> All { get; } =
    [
        new SendReminderStep(), new WaitUntilStep(), new WaitForReplyStep(), new IfStep(), new SwitchStep(),
        new EscalateStep(), new SetStatusStep(), new NotifyOfficeStep(), new ReviewReportStep(),
        new AssemblePackStep(), new SendPackStep(), new RepeatStep(), new RequestProgressStep(),
    ];

    internal static StepTypeInfo Info(string type) =>
        BuiltInStepMetadata.All.FirstOrDefault(i => i.Type == type)
        ?? throw new InvalidOperationException($"no metadata for built-in step type '{type}'");

    internal static TimeOnly TimeOfDay(StepContext context, StepTypeInfo info) =>
        context.Text(info, "timeOfDay") is { } text && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : new TimeOnly(9, 0);

    /// <summary>09:00 on the date a number of working days from the obligation's due date.</summary>
    internal static DateTime FromDue(StepContext context, int workingDays, TimeOnly time) =>
        context.AtLocal(context.Calendar.AddWorkingDays(context.DueDate, workingDays), time);
}

public sealed class SendReminderStep() : StepType(BuiltInSteps.Info("SendReminder"))
{
    public override StepResult Execute(StepContext context)
    {
        if (context.HasReport)
        {
            context.Journal("skipped", "already reported; no reminder sent");
            return StepResult.Next;
        }

        context.SendMail(context.Text(Info, "template") ?? "first-reminder", context.List(Info, "recipients"), context.List(Info, "copy"));
        if (context.Status == ObligationStatus.Pending)
        {
            context.SetStatus(ObligationStatus.Reminded);
        }

        return StepResult.Next;
    }
}

public sealed class WaitUntilStep() : StepType(BuiltInSteps.Info("WaitUntil"))
{
    // A report already in when the wait begins (one sent before the first reminder, which ended that wait)
    // ends this one too, as a report during the wait does.
    public override StepResult Execute(StepContext context)
    {
        if (context.HasReport)
        {
            context.Journal("report", "already reported; no wait");
            return StepResult.Next;
        }

        return WaitOrGo(context);
    }

    // A report ends the wait at once (the reminders after it would skip anyway, and the Office
    // should review it now, not at the next reminder date); a moved due date moves the wait.
    public override StepResult Resume(StepContext context, ResumeEvent resumeEvent)
    {
        if (resumeEvent.Kind == ResumeEvent.Reply && context.HasReport)
        {
            context.Journal("report", "report received; the wait ends early");
            return StepResult.Next;
        }

        return WaitOrGo(context);
    }

    private StepResult WaitOrGo(StepContext context)
    {
        var target = Target(context);
        return target <= context.UtcNow ? StepResult.Next : StepResult.Wait(ResumeEvent.Timer, target);
    }

    private DateTime Target(StepContext context)
    {
        var time = BuiltInSteps.TimeOfDay(context, Info);
        if (context.Text(Info, "at") is { } at)
        {
            if (DateTime.TryParseExact(at, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
            {
                return context.AtLocal(DateOnly.FromDateTime(dateTime), TimeOnly.FromDateTime(dateTime));
            }

            return context.AtLocal(DateOnly.ParseExact(at, "yyyy-MM-dd", CultureInfo.InvariantCulture), time);
        }

        return BuiltInSteps.FromDue(context, context.Integer(Info, "dueOffsetWorkingDays") ?? 0, time);
    }
}

public sealed class WaitForReplyStep() : StepType(BuiltInSteps.Info("WaitForReply"))
{
    /// <summary><c>countFrom</c>: the working days count from the obligation's due date (the default).</summary>
    public const string FromDueDate = "dueDate";

    /// <summary>
    /// <c>countFrom</c>: the working days count from when the step began to wait, e.g. for the corrected version of a
    /// returned report, which has no due date of its own.
    /// </summary>
    public const string FromStepStart = "stepStart";

    public override StepResult Execute(StepContext context)
    {
        if (CountsFromStart(context))
        {
            // Entered again (a loop): a new wait, counted afresh.
            context.Vars[SinceKey(context)] = JsonValue.Create(context.UtcNow);
        }

        return Decide(context);
    }

    public override StepResult Resume(StepContext context, ResumeEvent resumeEvent) =>
        resumeEvent.Kind == ResumeEvent.Reply ? Leave(context, "replied") : Decide(context);

    private StepResult Decide(StepContext context)
    {
        if (context.HasReport)
        {
            return Leave(context, "replied");
        }

        var days = context.Integer(Info, "timeoutWorkingDays") ?? 1;
        var deadline = CountsFromStart(context)
            ? context.AtLocal(context.Calendar.AddWorkingDays(Since(context), days), new TimeOnly(9, 0))
            : BuiltInSteps.FromDue(context, days, new TimeOnly(9, 0));
        return deadline <= context.UtcNow ? Leave(context, "timedOut") : StepResult.Wait(ResumeEvent.Reply, deadline);
    }

    private bool CountsFromStart(StepContext context) => context.Text(Info, "countFrom") == FromStepStart;

    private static string SinceKey(StepContext context) => context.Step.Id + "#since";

    /// <summary>The local day the wait began; an instance that started waiting before this input existed counts from today.</summary>
    private static DateOnly Since(StepContext context)
    {
        var since = context.Vars.TryGetValue(SinceKey(context), out var node) && node is JsonValue value ? value.GetValue<DateTime>() : context.UtcNow;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(since, DateTimeKind.Utc), context.TimeZone));
    }

    private static StepResult Leave(StepContext context, string branch)
    {
        context.Vars.Remove(SinceKey(context));
        return StepResult.Take(branch);
    }
}

public sealed class IfStep() : StepType(BuiltInSteps.Info("If"))
{
    public override StepResult Execute(StepContext context) =>
        StepResult.Take(context.IsTrue(context.Text(Info, "condition") ?? "false") ? "true" : "false");
}

public sealed class SwitchStep() : StepType(BuiltInSteps.Info("Switch"))
{
    public override StepResult Execute(StepContext context)
    {
        var value = Convert.ToString(context.Evaluate(context.Text(Info, "expression") ?? "null"), CultureInfo.InvariantCulture);
        return StepResult.Take(value is not null && context.Step.Branches?.ContainsKey(value) == true ? value : "default");
    }
}

public sealed class EscalateStep() : StepType(BuiltInSteps.Info("Escalate"))
{
    public override StepResult Execute(StepContext context)
    {
        if (context.HasReport)
        {
            context.Journal("skipped", "already reported; no escalation");
            return StepResult.Next;
        }

        var level = context.Integer(Info, "level") ?? context.EscalationLevel + 1;
        context.SendMail(context.Text(Info, "template") ?? "escalation-head", context.List(Info, "recipients"),
            [.. context.Boolean(Info, "copyOffice") ? ["office"] : Array.Empty<string>(), .. context.List(Info, "copy")]);
        context.SetEscalation(level);
        return StepResult.Next;
    }
}

public sealed class SetStatusStep() : StepType(BuiltInSteps.Info("SetStatus"))
{
    public override StepResult Execute(StepContext context)
    {
        var text = context.Text(Info, "status");
        if (!Enum.TryParse<ObligationStatus>(text, ignoreCase: false, out var status))
        {
            throw new InvalidOperationException($"step {context.Step.Id}: status '{text}' is not an obligation status");
        }

        // A late report beats a planned "Overdue": the ladder never marks a reported obligation overdue.
        if (context.HasReport && status is ObligationStatus.Overdue or ObligationStatus.Escalated)
        {
            context.Journal("skipped", $"already reported; status stays {context.Status}");
            return StepResult.Next;
        }

        context.SetStatus(status);
        return StepResult.Next;
    }
}

public sealed class NotifyOfficeStep() : StepType(BuiltInSteps.Info("NotifyOffice"))
{
    public override StepResult Execute(StepContext context)
    {
        context.SendMail(context.Text(Info, "template") ?? "report-received", ["office"], message: context.Text(Info, "message"));
        return StepResult.Next;
    }
}

public sealed class ReviewReportStep() : StepType(BuiltInSteps.Info("ReviewReport"))
{
    public override StepResult Execute(StepContext context)
    {
        if (context.Status == ObligationStatus.Accepted)
        {
            return StepResult.Take("accepted");
        }

        var timeout = context.Integer(Info, "timeoutWorkingDays");
        return StepResult.Wait(ResumeEvent.Review, timeout is { } days ? context.AtLocal(context.Calendar.AddWorkingDays(context.Today, days), new TimeOnly(9, 0)) : null);
    }

    public override StepResult Resume(StepContext context, ResumeEvent resumeEvent)
    {
        if (resumeEvent.Kind == ResumeEvent.Review)
        {
            var decision = resumeEvent.Payload?["decision"]?.GetValue<string>();
            if (decision == "returned")
            {
                context.SetStatus(ObligationStatus.Returned);
                if (resumeEvent.Payload?["comment"]?.GetValue<string>() is { } comment)
                {
                    context.Vars["returnComment"] = JsonValue.Create(comment);
                }

                return StepResult.Take("returned");
            }

            context.SetStatus(ObligationStatus.Accepted);
            return StepResult.Take("accepted");
        }

        if (resumeEvent.Kind == ResumeEvent.Timer)
        {
            // The Office has not reviewed in time: remind it once, then keep waiting for its decision.
            context.SendMail("report-received", ["office"], message: "A report is waiting for review.");
        }

        return StepResult.Wait(ResumeEvent.Review, null);
    }
}

public sealed class AssemblePackStep() : StepType(BuiltInSteps.Info("AssemblePack"))
{
    public override StepResult Execute(StepContext context)
    {
        context.RequestPack(context.DueDate, context.Text(Info, "language") ?? "en");
        return StepResult.Next;
    }
}

public sealed class SendPackStep() : StepType(BuiltInSteps.Info("SendPack"))
{
    public override StepResult Execute(StepContext context)
    {
        context.SendMail(context.Text(Info, "template") ?? "pack-ready", context.List(Info, "recipients"));
        return StepResult.Next;
    }
}

public sealed class RepeatStep() : StepType(BuiltInSteps.Info("Repeat"))
{
    public override StepResult Execute(StepContext context)
    {
        var key = context.Step.Id + "#iteration";
        var done = context.Vars.TryGetValue(key, out var node) && node is JsonValue value ? value.GetValue<int>() : 0;
        var finished = (context.Integer(Info, "times") is { } times && done >= times)
            || (done > 0 && context.Text(Info, "until") is { } until && context.IsTrue(until));
        if (finished)
        {
            context.Vars.Remove(key);
            return StepResult.Next;
        }

        if (done > 0 && context.Integer(Info, "intervalWorkingDays") is > 0 and var interval)
        {
            var wake = context.AtLocal(context.Calendar.AddWorkingDays(context.Today, interval), new TimeOnly(9, 0));
            context.Vars[context.Step.Id + "#wake"] = JsonValue.Create(wake);
            return StepResult.Wait(ResumeEvent.Timer, wake);
        }

        context.Vars[key] = JsonValue.Create(done + 1);
        return StepResult.Loop;
    }

    public override StepResult Resume(StepContext context, ResumeEvent resumeEvent)
    {
        var wakeKey = context.Step.Id + "#wake";
        var wake = context.Vars.TryGetValue(wakeKey, out var stored) && stored is JsonValue at ? at.GetValue<DateTime>() : context.UtcNow;
        if (resumeEvent.Kind != ResumeEvent.Timer || wake > context.UtcNow)
        {
            return StepResult.Wait(ResumeEvent.Timer, wake);
        }

        context.Vars.Remove(wakeKey);
        var key = context.Step.Id + "#iteration";
        var done = context.Vars.TryGetValue(key, out var node) && node is JsonValue value ? value.GetValue<int>() : 0;
        context.Vars[key] = JsonValue.Create(done + 1);
        return StepResult.Loop;
    }
}

/// <summary>
/// Asks for progress on an activity whose one due date is months away, so the institution is not left alone until
/// the first reminder. A request goes out on the first working day of each period of <c>everyMonths</c> months of
/// the calendar year (each quarter: January, April, July, October), once the step has waited at least
/// <c>firstAfterDays</c>, and never within <c>stopWorkingDaysBeforeDue</c> working days of the due date, where the
/// reminders take over; then the step ends. A reply that says the activity is implemented is the report and ends
/// the requests at once; a reply that says it is partially or not implemented is kept as a progress report (the
/// packs show it) and the obligation stays open for the report by the due date.
/// </summary>
public sealed class RequestProgressStep() : StepType(BuiltInSteps.Info("RequestProgress"))
{
    public override StepResult Execute(StepContext context)
    {
        if (context.HasReport)
        {
            context.Journal("skipped", "already reported; no progress request");
            return StepResult.Next;
        }

        context.Vars[SinceKey(context)] = JsonValue.Create(context.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        context.Vars[OpenStatusKey(context)] = JsonValue.Create(context.Status.ToString());
        return WaitForNext(context);
    }

    public override StepResult Resume(StepContext context, ResumeEvent resumeEvent)
    {
        if (resumeEvent.Kind == ResumeEvent.Reply && context.HasReport)
        {
            if (context.Status == ObligationStatus.Reported
                && context.LatestReport?.Status is ImplementationStatus.PartiallyImplemented or ImplementationStatus.NotImplemented)
            {
                var open = context.Vars.TryGetValue(OpenStatusKey(context), out var stored) && stored is JsonValue value
                    && Enum.TryParse<ObligationStatus>(value.GetValue<string>(), out var status) ? status : ObligationStatus.Pending;
                context.Journal("progress", $"progress report v{context.LatestReport.Version} ({context.LatestReport.Status}) kept; the report is still owed by {context.DueDate:yyyy-MM-dd}");
                context.SetStatus(open);
                return WaitForNext(context);
            }

            context.Journal("report", "report received; progress requests end");
            return StepResult.Next;
        }

        if (resumeEvent.Kind == ResumeEvent.Timer && Next(context) is { } due && due <= context.UtcNow)
        {
            context.SendMail(context.Text(Info, "template") ?? KnownTemplates.ProgressRequest, context.List(Info, "recipients"), context.List(Info, "copy"));
            context.Vars[SentKey(context)] = JsonValue.Create(context.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        // A moved due date (an extension) moves the last request with it.
        context.Vars[OpenStatusKey(context)] = JsonValue.Create(context.Status.ToString());
        return WaitForNext(context);
    }

    private StepResult WaitForNext(StepContext context) =>
        Next(context) is { } next ? StepResult.Wait(ResumeEvent.Timer, next) : StepResult.Next;

    /// <summary>When the next request goes out (UTC), or null when none is left before the reminders.</summary>
    private DateTime? Next(StepContext context)
    {
        var every = Math.Clamp(context.Integer(Info, "everyMonths") ?? 3, 1, 12);
        var firstAfter = Math.Max(0, context.Integer(Info, "firstAfterDays") ?? 30);
        var stop = Math.Max(0, context.Integer(Info, "stopWorkingDaysBeforeDue") ?? 20);
        var since = Date(context, SinceKey(context)) ?? context.Today;
        var sent = Date(context, SentKey(context));
        var earliest = since.AddDays(firstAfter);
        if (sent is { } last && last.AddDays(1) > earliest)
        {
            earliest = last.AddDays(1);
        }

        var latest = context.Calendar.AddWorkingDays(context.DueDate, -stop);
        // The first day of the period of the year that holds the earliest date, then period by period.
        var month = new DateOnly(earliest.Year, (earliest.Month - 1) / every * every + 1, 1);
        for (; month <= latest; month = month.AddMonths(every))
        {
            var day = context.Calendar.OnOrAfter(month);
            if (day >= earliest && day <= latest)
            {
                return context.AtLocal(day, BuiltInSteps.TimeOfDay(context, Info));
            }
        }

        return null;
    }

    private static DateOnly? Date(StepContext context, string key) =>
        context.Vars.TryGetValue(key, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string SinceKey(StepContext context) => context.Step.Id + "#since";

    private static string SentKey(StepContext context) => context.Step.Id + "#sent";

    private static string OpenStatusKey(StepContext context) => context.Step.Id + "#open";
}
