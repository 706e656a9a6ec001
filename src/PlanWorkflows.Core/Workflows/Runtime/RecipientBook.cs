using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Workflows.Runtime;

/// <summary>
/// Turns a step's recipients (roles such as focal point, head, Office, Working Group chair, and named institutions,
/// see <see cref="Recipients"/>) into contacts, and a mail effect into an outbox row with everything a template needs.
/// </summary>
public sealed class RecipientBook
{
    private readonly EngineOptions _options;
    private readonly ILookup<string, ContactRecord> _contacts;
    private readonly Dictionary<string, InstitutionRecord> _institutions;
    private readonly Dictionary<string, ActivityRecord> _activities;

    private RecipientBook(EngineOptions options, IEnumerable<ContactRecord> contacts, Dictionary<string, InstitutionRecord> institutions, Dictionary<string, ActivityRecord> activities)
    {
        _options = options;
        _contacts = contacts.Where(c => !c.Undeliverable).ToLookup(c => c.InstitutionId, StringComparer.Ordinal);
        _institutions = institutions;
        _activities = activities;
    }

    public static Task<RecipientBook> LoadAsync(PlanDbContext db, EngineOptions options, IEnumerable<Obligation> obligations, CancellationToken cancellationToken) =>
        LoadAsync(db, options, obligations, [], cancellationToken);

    /// <param name="namedInstitutions">Institutions the mails may name besides the obligations' own (<c>institution:&lt;id&gt;</c>): loaded in the same queries.</param>
    public static async Task<RecipientBook> LoadAsync(PlanDbContext db, EngineOptions options, IEnumerable<Obligation> obligations, IEnumerable<string> namedInstitutions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(namedInstitutions);
        var list = obligations.ToList();
        var keys = list.Select(o => o.ActivityKey).Distinct().ToList();
        var activities = await db.Activities.AsNoTracking().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, cancellationToken).ConfigureAwait(false);
        var ids = list.Select(o => o.InstitutionId).Append(options.OfficeInstitutionId).Append(options.WorkingGroupInstitutionId).Append(options.MembersInstitutionId)
            .Concat(namedInstitutions).Distinct(StringComparer.Ordinal).ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken).ConfigureAwait(false);
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.InstitutionId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new RecipientBook(options, contacts, institutions, activities);
    }

    public IReadOnlyList<ContactRecord> Resolve(string role, string? institutionId) => Recipients.Named(role) is { } named ? ByRole(named.Id, named.Role) : role switch
    {
        "focalPoint" or "deputy" or "head" when institutionId is not null => ByRole(institutionId, role),
        "office" => ByRole(_options.OfficeInstitutionId, "focalPoint"),
        "workingGroupChair" => ByRole(_options.WorkingGroupInstitutionId, "head"),
        "secretary" => ByRole(_options.WorkingGroupInstitutionId, "focalPoint"),
        "members" => [.. _contacts[_options.MembersInstitutionId]],
        _ => [],
    };

    private List<ContactRecord> ByRole(string institutionId, string role)
    {
        var all = _contacts[institutionId].ToList();
        var matching = all.Where(c => string.Equals(c.Role, role, StringComparison.OrdinalIgnoreCase)).ToList();
        // An institution without that role still hears about its obligations, through its focal point.
        return matching.Count > 0 ? matching : all.Where(c => string.Equals(c.Role, "focalPoint", StringComparison.OrdinalIgnoreCase)).Take(1).ToList();
    }

    /// <summary>
    /// Someone said they are away (an out-of-office reply): their institution's deputy hears too, until they
    /// are back, whether the institution is the obligation's own or one a step names.
    /// </summary>
    private List<ContactRecord> WithDeputies(IEnumerable<ContactRecord> contacts, DateTime now)
    {
        var list = contacts.ToList();
        var away = list.Where(c => c.OutOfOfficeUntil > now).Select(c => c.InstitutionId).Distinct(StringComparer.Ordinal).ToList();
        return [.. list, .. away.SelectMany(institution => ByRole(institution, "deputy"))];
    }

    public OutboxMessage? Compose(MailEffect mail, WorkflowInstance instance, Obligation? obligation, DateTime now, int index)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(instance);
        var to = WithDeputies(mail.Recipients.SelectMany(r => Resolve(r, obligation?.InstitutionId)), now)
            .DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase).ToList();
        if (to.Count == 0)
        {
            return null;
        }

        var cc = WithDeputies(mail.Copy.SelectMany(r => Resolve(r, obligation?.InstitutionId)), now).Where(c => to.All(t => !string.Equals(t.Email, c.Email, StringComparison.OrdinalIgnoreCase)))
            .DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase).ToList();
        var institution = obligation is not null && _institutions.TryGetValue(obligation.InstitutionId, out var found) ? found : null;
        var activity = obligation is not null && _activities.TryGetValue(obligation.ActivityKey, out var a) ? a : null;
        var model = new JsonObject
        {
            ["template"] = mail.Template,
            ["instanceId"] = instance.Id,
            ["message"] = mail.Message,
        };
        if (obligation is not null)
        {
            model["obligationId"] = obligation.Id;
            model["activityKey"] = obligation.ActivityKey;
            model["activityTitle"] = activity?.Title;
            model["activityReference"] = activity?.Reference;
            model["areaTitle"] = activity?.AreaTitle;
            model["institutionId"] = obligation.InstitutionId;
            model["institutionName"] = institution?.NameEn;
            model["institutionNameCnr"] = institution?.NameCnr;
            model["period"] = obligation.PeriodLabel;
            model["dueDate"] = WorkflowEngine.Iso(obligation.DueDate);
            model["escalationLevel"] = obligation.EscalationLevel;
        }

        return new OutboxMessage
        {
            MessageId = $"pw.{instance.Id}.{instance.Revision}.{index}@{_options.MessageIdDomain}",
            InstanceId = instance.Id,
            ObligationId = obligation?.Id,
            InstitutionId = obligation?.InstitutionId,
            Template = mail.Template,
            Language = to[0].Language,
            To = string.Join(", ", to.Select(c => c.Email)),
            Cc = cc.Count > 0 ? string.Join(", ", cc.Select(c => c.Email)) : null,
            ModelJson = model.ToJsonString(),
            CreatedAt = now,
            NotBefore = now,
            Status = OutboxStatus.Queued,
        };
    }
}
