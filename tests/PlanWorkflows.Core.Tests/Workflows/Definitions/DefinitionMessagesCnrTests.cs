using System.Text.RegularExpressions;
using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Definitions;

/// <summary>Every problem the designer shows comes in Montenegrin as well, keeping the identifiers it names.</summary>
public sealed partial class DefinitionMessagesCnrTests
{
    private static readonly Dictionary<string, StepTypeInfo> StepTypes = new(BuiltInStepMetadata.ByType, StringComparer.Ordinal)
    {
        ["Noop"] = new StepTypeInfo("Noop", StepComponent.Task, "Flow", "Does nothing.", [], []),
        ["Pause"] = new StepTypeInfo("Pause", StepComponent.Task, "Flow", "Pauses.", [new StepInput("for", StepInputKind.Duration, "How long.")], []),
    };

    private static string Task(string id, string type, string properties) =>
        $$"""{ "id": "{{id}}", "componentType": "task", "type": "{{type}}", "name": "{{id}}", "properties": {{{properties}}} }""";

    private static string Doc(params string[] steps) =>
        $$"""{ "name": "corpus", "title": "Corpus", "properties": {}, "sequence": [ {{string.Join(", ", steps)}} ] }""";

    private const string Accept = """{ "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } }""";

    /// <summary>Bad files: at least one for each kind of message the import, the validator and the expression check give.</summary>
    private static readonly string[] Corpus =
    [
        string.Empty,
        "null",
        "{ \"name\": \"x\", ",
        """{ "name": "x", "title": "X", "sequnce": [] }""",
        """{ "name": "Bad Name", "title": "", "properties": {}, "sequence": [] }""",
        Doc(
            Task(string.Empty, "SetStatus", """ "status": "Accepted" """),
            Accept, Accept,
            Task("typo", "SendRemindr", """ "template": "first-reminder" """),
            Task("alien", "Frobnicate", string.Empty),
            """{ "id": "shape", "componentType": "container", "type": "SetStatus", "name": "x", "properties": { "status": "Accepted" } }""",
            Task("misspelt", "SendReminder", """ "template": "first-reminder", "recipents": ["head"] """),
            Task("stranger", "SendReminder", """ "template": "first-reminder", "zzzzzz": 1 """),
            Task("noop", "Noop", """ "anything": 1 """),
            Task("esc", "Escalate", """ "level": "1", "recipients": "head" """),
            Task("esc-range", "Escalate", """ "level": 5, "recipients": [], "template": "escalation-head", "copyOffice": "yes" """),
            Task("esc-roles", "Escalate", """ "level": 1, "recipients": ["head", "minister"], "template": "", "copy": [7] """),
            Task("esc-named", "Escalate", """ "level": 1, "recipients": ["institution:moi:minister"], "template": "escalation-head", "copy": ["institution:mol"] """),
            Task("esc-unknown", "Escalate", """ "level": 1, "recipients": ["institution:ministry-of-magic"], "template": "escalation-head" """),
            Task("wait-none", "WaitUntil", string.Empty),
            Task("wait-both", "WaitUntil", """ "at": "2013-02-30", "dueOffsetWorkingDays": 1, "timeOfDay": "9:00" """),
            Task("status-case", "SetStatus", """ "status": "accepted" """),
            Task("status-bad", "SetStatus", """ "status": "Done" """),
            Task("notify", "NotifyOffice", """ "template": "welcome", "message": 42 """),
            Task("pause", "Pause", """ "for": "3 days" """),
            """{ "id": "if-empty", "componentType": "switch", "type": "If", "name": "If", "properties": { "condition": " " }, "branches": { "true": [], "false": [] }, "sequence": [] }""",
            """{ "id": "if-parse", "componentType": "switch", "type": "If", "name": "If", "properties": { "condition": "obligation.status ==" }, "branches": { "true": [ """ + Task("in-true", "SetStatus", """ "status": "Accepted" """) + """ ], "tru": [], "": [] } }""",
            """{ "id": "if-column", "componentType": "switch", "type": "If", "name": "If", "properties": { "condition": "a == ) b" }, "branches": { "true": [ """ + Task("in-true-2", "SetStatus", """ "status": "Accepted" """) + """ ], "zzzzzz": [] } }""",
            """{ "id": "if-bare", "componentType": "switch", "type": "If", "name": "If", "properties": { "condition": "true" } }""",
            """{ "id": "loop", "componentType": "container", "type": "Repeat", "name": "Loop", "properties": {}, "branches": {} }""",
            """{ "id": "loop-empty", "componentType": "container", "type": "Repeat", "name": "Loop", "properties": { "times": 2 }, "sequence": [] }""",
            """{ "id": "task-shape", "componentType": "task", "type": "SetStatus", "name": "x", "properties": { "status": "Accepted" }, "branches": {}, "sequence": [] }"""),
    ];

    /// <summary>The English of each kind of message, as the CLI prints it; the corpus must give each at least once.</summary>
    private static readonly string[] Kinds =
    [
        "the file is empty", "the document is null", "Expected start of a property name", "could not be mapped",
        "is not a kebab-case name", "the definition has no title", "the root sequence has no steps",
        "has no id", "duplicate step id", "unknown step type 'SendRemindr'; did you mean 'SendReminder'?", "unknown step type 'Frobnicate'",
        "does not match step type", "has no input 'recipents'; did you mean 'recipients'?", "has no input 'zzzzzz'; it takes", "it takes no inputs",
        "required input of", "neither is given", "more than one is given", "needs at least one of",
        "expected a whole number", "is out of range", "expected true or false", "expected text", "ISO 8601 duration",
        "is not a date", "is not a time of day", "did you mean 'Accepted'?", "'Done' is not one of",
        "the template name is empty", "no mail template 'welcome'",
        "expected a list of roles and institutions", "the list of recipients is empty", "a recipient must be a role name",
        "unknown recipient role 'minister'", "is not a named institution", "unknown institution 'mol'", "did you mean 'moi'?", "unknown institution 'ministry-of-magic'",
        "the expression is empty", "the expression does not parse", "(column ",
        "is a switch step; its steps belong in branches", "is a container step; it has a sequence, not branches",
        "has no sequence; a container", "has an empty sequence; a container", "is a task step; it has no branches", "is a task step; it has no sequence",
        "is a switch step and needs branches", "needs a branch 'false'", "a branch has an empty name",
        "has no branch 'tru'; its branches are true, false; did you mean 'true'?", "has no branch 'zzzzzz'", "branch of If must contain at least one step",
    ];

    private static List<ImportProblem> Problems() =>
        [.. Corpus.SelectMany(json => DefinitionImport.Read(json, "corpus.json", StepTypes, KnownTemplates.Contains, RealCatalogue.Directory.Ids).Problems)];

    [Fact]
    public void The_corpus_gives_every_kind_of_message()
    {
        var english = Problems().Select(p => p.Message).ToList();

        var missing = Kinds.Where(kind => !english.Any(m => m.Contains(kind, StringComparison.Ordinal))).ToList();

        Assert.True(missing.Count == 0, "not given by the corpus: " + string.Join(" | ", missing) + "\ngiven:\n" + string.Join("\n", english));
    }

    [Fact]
    public void Every_problem_has_a_Montenegrin_text_of_its_own_with_the_same_identifiers()
    {
        var problems = Problems();
        Assert.True(problems.Count >= Kinds.Length, $"only {problems.Count} problems");
        var typeNames = StepTypes.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.MessageCnr), problem.Message);
            Assert.NotEqual(problem.Message, problem.MessageCnr);
            // Names the author wrote or must write are not translated: quoted values, step types, JSON shown back.
            var identifiers = Quoted().Matches(problem.Message).Select(m => m.Value)
                .Concat(Word().Matches(problem.Message).Select(m => m.Value).Where(typeNames.Contains))
                .Concat(Json().Matches(problem.Message).Select(m => m.Value));
            foreach (var identifier in identifiers)
            {
                Assert.True(problem.MessageCnr.Contains(identifier, StringComparison.Ordinal), $"'{identifier}' of \"{problem.Message}\" is not in \"{problem.MessageCnr}\"");
            }

            Assert.NotEqual(problem.Where, problem.WhereCnr);
            Assert.Contains(problem.StepId, problem.WhereCnr, StringComparison.Ordinal);
            Assert.Contains(problem.Property, problem.WhereCnr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_step_error_in_Montenegrin_reads_as_Montenegrin()
    {
        var problem = Assert.Single(DefinitionImport.Read(Doc(Task("esc", "Escalate", """ "level": 7, "recipients": ["head"], "template": "escalation-head" """)), "x.json", StepTypes, KnownTemplates.Contains, RealCatalogue.Directory.Ids).Problems);

        Assert.Equal(("esc", "level"), (problem.StepId, problem.Property));
        Assert.Equal("7 is out of range 1..4", problem.Message);
        Assert.Equal("7 je izvan opsega 1..4", problem.MessageCnr);
        Assert.Equal("step esc, level", problem.Where);
        Assert.Equal("korak esc, level", problem.WhereCnr);
    }

    [Theory]
    [InlineData("", "izraz je prazan")]
    [InlineData("obligation.status ==", "izraz nije ispravan: ")]
    [InlineData("a == ) b", "(kolona ")]
    public void An_expression_check_answers_in_both_languages(string expression, string montenegrin)
    {
        var problem = DefinitionValidator.CheckExpression(expression);

        Assert.NotNull(problem);
        Assert.Contains(montenegrin, problem.Cnr, StringComparison.Ordinal);
        Assert.Equal(problem.En, problem.For("en"));
        Assert.Equal(problem.Cnr, problem.For("cnr"));
        Assert.Null(DefinitionValidator.CheckExpression("obligation.status == 'Accepted'"));
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<=found )\S+")]
    private static partial Regex Json();
}
