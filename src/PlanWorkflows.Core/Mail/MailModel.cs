namespace PlanWorkflows.Core.Mail;

/// <summary>
/// What every template may use. Templates see the members in snake_case (<c>form_url</c>, <c>items</c>,
/// <c>item.due_date</c>); members a template does not need are simply left empty.
/// </summary>
public sealed record MailModel
{
    /// <summary>The institution's name in the mail's language.</summary>
    public string Institution { get; init; } = string.Empty;

    /// <summary>The reporting round (period label), e.g. <c>2013-H1</c>.</summary>
    public string Round { get; init; } = string.Empty;

    public IReadOnlyList<MailItem> Items { get; init; } = [];

    public string FormUrl { get; init; } = string.Empty;

    public string ReplyToken { get; init; } = string.Empty;

    public MailPerson? Contact { get; init; }

    public MailPerson Office { get; init; } = new(string.Empty, string.Empty);

    /// <summary>Free text from the Office or a workflow step: why a report came back, a note on an escalation.</summary>
    public string? Message { get; init; }

    /// <summary>For escalations: 1 is the head of the institution, 2 the Office / Working Group chair.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>For pack-ready: the meeting and where the pack can be read.</summary>
    public string? Meeting { get; init; }

    public DateOnly? MeetingDate { get; init; }

    public string? PackUrl { get; init; }

    /// <summary>The earliest due date among the items: the one the calendar entry and the subject point at.</summary>
    public DateOnly? DueDate => Items.Count == 0 ? null : Items.Min(i => i.DueDate);
}

public sealed record MailItem
{
    /// <summary>The activity as people read it: area code and number, <c>EDU 1.1.2</c> (<see cref="Catalogue.ActivityCodes"/>).</summary>
    public string Code { get; init; } = string.Empty;

    /// <summary>The area's name, printed beside the code where there is room.</summary>
    public string? Area { get; init; }

    public string ActivityKey { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public DateOnly DueDate { get; init; }

    /// <summary>The activity's indicators, one field each, named as the catalogue splits them (<see cref="Catalogue.IndicatorRule"/>).</summary>
    public IReadOnlyList<string> Indicators { get; init; } = [];

    public LastReport? LastReport { get; init; }

    public int WorkingDaysOverdue { get; init; }

    public int EscalationLevel { get; init; }

    /// <summary>In a receipt: the status as submitted, already in the mail's language.</summary>
    public string? Status { get; init; }

    /// <summary>In a receipt: the narrative as submitted.</summary>
    public string? Narrative { get; init; }
}

/// <summary>What the institution reported for the activity last round; the status is already in the mail's language.</summary>
public sealed record LastReport(string Status, DateOnly Date);

public sealed record MailPerson(string Name, string Email);
