using System.Globalization;
using System.Text.Json.Nodes;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Workflows.Steps;

public sealed record MailEffect(string StepId, string Template, IReadOnlyList<string> Recipients, IReadOnlyList<string> Copy, string? Message);

public sealed record JournalEffect(string? StepId, string? StepType, string Event, string Message);

public sealed record PackEffect(string StepId, DateOnly MeetingDate, string Language);

public sealed record ExecutedStep(string StepId, string StepType, string Outcome);

/// <summary>
/// Everything a step may read and do during one transition. Effects are collected here and
/// written by the engine in the transition's transaction only if every step of it succeeded.
/// </summary>
public sealed class StepContext
{
    private readonly Func<string, IReadOnlyDictionary<string, object?>, object?> _evaluate;

    public StepContext(
        long instanceId,
        DateTime utcNow,
        TimeZoneInfo timeZone,
        WorkingDayCalendar calendar,
        Obligation? obligation,
        Report? latestReport,
        Dictionary<string, JsonNode?> vars,
        Func<string, IReadOnlyDictionary<string, object?>, object?> evaluate)
    {
        InstanceId = instanceId;
        UtcNow = utcNow;
        TimeZone = timeZone;
        Calendar = calendar;
        Obligation = obligation;
        LatestReport = latestReport;
        Vars = vars;
        _evaluate = evaluate;
        Status = obligation?.Status ?? ObligationStatus.Pending;
        EscalationLevel = obligation?.EscalationLevel ?? 0;
    }

    public long InstanceId { get; }
    public DateTime UtcNow { get; }
    public TimeZoneInfo TimeZone { get; }
    public WorkingDayCalendar Calendar { get; }
    public Obligation? Obligation { get; }
    public Report? LatestReport { get; }
    public Dictionary<string, JsonNode?> Vars { get; }
    public StepNode Step { get; set; } = new();

    /// <summary>The obligation's status as this transition leaves it.</summary>
    public ObligationStatus Status { get; private set; }

    public int EscalationLevel { get; private set; }

    public List<MailEffect> Mails { get; } = [];
    public List<JournalEffect> JournalEntries { get; } = [];
    public List<PackEffect> Packs { get; } = [];
    public List<ExecutedStep> Executed { get; } = [];

    public bool HasReport => Status is ObligationStatus.Reported or ObligationStatus.Accepted or ObligationStatus.NotApplicable;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, TimeZone));

    public DateOnly DueDate => Obligation?.DueDate ?? Today;

    public void SetStatus(ObligationStatus status)
    {
        if (status != Status)
        {
            Journal("status", $"{Status} → {status}");
            Status = status;
        }
    }

    public void SetEscalation(int level)
    {
        EscalationLevel = level;
        SetStatus(ObligationStatus.Escalated);
    }

    public void SendMail(string template, IReadOnlyList<string> recipients, IReadOnlyList<string>? copy = null, string? message = null)
    {
        Mails.Add(new MailEffect(Step.Id, template, recipients, copy ?? [], message));
        Journal("mail", $"{template} to {string.Join(", ", recipients)}{(copy is { Count: > 0 } ? $" (copy {string.Join(", ", copy)})" : string.Empty)}");
    }

    public void RequestPack(DateOnly meeting, string language)
    {
        Packs.Add(new PackEffect(Step.Id, meeting, language));
        Journal("pack", $"pack for the meeting of {meeting:yyyy-MM-dd} ({language}) requested");
    }

    public void Journal(string eventName, string message) =>
        JournalEntries.Add(new JournalEffect(Step.Id.Length > 0 ? Step.Id : null, Step.Type.Length > 0 ? Step.Type : null, eventName, message));

    /// <summary>A local date and time in the plan's time zone, as UTC.</summary>
    public DateTime AtLocal(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), TimeZone);

    public object? Evaluate(string expression) => _evaluate(expression, ExpressionModel());

    public bool IsTrue(string expression) => Evaluate(expression) switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0 && !string.Equals(s, "false", StringComparison.OrdinalIgnoreCase),
        int i => i != 0,
        long l => l != 0,
        double d => d != 0,
        _ => true,
    };

    private Dictionary<string, object?> ExpressionModel()
    {
        var obligation = Obligation is null ? null : new Dictionary<string, object?>
        {
            ["status"] = Status.ToString(),
            ["due_date"] = Obligation.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["escalation_level"] = EscalationLevel,
            ["activity_code"] = Obligation.ActivityKey,
            ["institution_id"] = Obligation.InstitutionId,
            ["period"] = Obligation.PeriodLabel,
        };
        var report = LatestReport is null ? null : new Dictionary<string, object?>
        {
            ["status"] = LatestReport.Status.ToString(),
            ["version"] = LatestReport.Version,
        };
        var vars = Vars.ToDictionary(v => v.Key, v => Plain(v.Value));
        return new Dictionary<string, object?>
        {
            ["obligation"] = obligation,
            ["report"] = report,
            ["vars"] = vars,
            ["now"] = UtcNow,
        };
    }

    /// <summary>
    /// A variable as expressions see it: numbers, booleans and strings as themselves, whether the
    /// value was set in this transition or read back from the stored state (a JSON element).
    /// </summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => (long)i,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    // Inputs, with the step type's defaults.
    public string? Text(StepTypeInfo info, string name) => Input(info, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };

    public int? Integer(StepTypeInfo info, string name) => Input(info, name) switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) => checked((int)l),
        JsonValue v when v.TryGetValue<double>(out var d) => (int)d,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    public bool Boolean(StepTypeInfo info, string name) => Input(info, name) is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public IReadOnlyList<string> List(StepTypeInfo info, string name) => Input(info, name) switch
    {
        JsonArray array => [.. array.Select(n => n?.GetValue<string>()).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)],
        JsonValue v when v.TryGetValue<string>(out var s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };

    private JsonNode? Input(StepTypeInfo info, string name)
    {
        if (Step.Properties.TryGetPropertyValue(name, out var value) && value is not null)
        {
            return value;
        }

        return info.Inputs.FirstOrDefault(i => i.Name == name)?.Default?.DeepClone();
    }
}
