namespace PlanWorkflows.Core.Institutions;

public enum ContactRole
{
    FocalPoint,
    Deputy,
    Head,
}

/// <param name="Language">Language the person is written to in: <c>cnr</c> or <c>en</c>.</param>
public sealed record Contact(ContactRole Role, string Name, string Email, string Language);

/// <param name="Kind">One of <see cref="InstitutionKinds.All"/>.</param>
/// <param name="Aliases">Spellings seen in source documents, as written in the catalogue.</param>
public sealed record Institution(
    string Id,
    string Kind,
    string NameEn,
    string NameCnr,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<Contact> Contacts);

public static class InstitutionKinds
{
    public const string Government = "government";
    public const string Judiciary = "judiciary";
    public const string Police = "police";
    public const string Local = "local";
    public const string International = "international";
    public const string Embassy = "embassy";
    public const string Ngo = "ngo";

    /// <summary>A collective name ("NGOs", "Signatories to the Memorandum") addressed as one recipient.</summary>
    public const string Group = "group";

    public static IReadOnlyList<string> All { get; } =
        [Government, Judiciary, Police, Local, International, Embassy, Ngo, Group];
}

/// <summary>Results of splitting an implementers/partners cell.</summary>
/// <param name="Text">The mention as written in the cell.</param>
/// <param name="InstitutionId">Null when the name is not in the directory.</param>
public sealed record InstitutionMention(string Text, string? InstitutionId);

/// <param name="InstitutionIds">Resolved ids, de-duplicated, in order of first mention.</param>
/// <param name="Mentions">Every name found, resolved or not, in cell order.</param>
/// <param name="Unknown">Texts that did not resolve, in cell order.</param>
public sealed record InstitutionListResult(
    IReadOnlyList<string> InstitutionIds,
    IReadOnlyList<InstitutionMention> Mentions,
    IReadOnlyList<string> Unknown)
{
    public static InstitutionListResult Empty { get; } = new([], [], []);
}
