using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Elsa;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Server.Studio;

/// <summary>
/// Elsa activity and expression descriptors generated from the engine's step metadata: a step type added in C# appears in
/// Studio's toolbox with its inputs (dropdowns for templates and choices, a check list of recipient roles) and its outcomes as ports.
/// </summary>
internal static class ElsaDescriptors
{
    public delegate string Translate(string en, string cnr);

    public static JsonArray Activities(IReadOnlyDictionary<string, StepTypeInfo> steps, IReadOnlyList<string> templates, Translate t)
    {
        var items = new JsonArray();
        foreach (var info in steps.Values.OrderBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal))
        {
            var ports = info.Component switch
            {
                StepComponent.Switch => info.Outcomes.Select(o => Port(o, o)),
                StepComponent.Container => [Port(ElsaWorkflowWriter.IteratePort, t("Iterate", "Ponovi")), Port(ElsaWorkflowWriter.DonePort, t("Done", "Gotovo"))],
                _ => [Port(ElsaWorkflowWriter.DonePort, t("Done", "Gotovo"))],
            };
            var inputs = info.Inputs.Select((input, order) => Input(input, order, templates, t));
            items.Add(Activity(ElsaWorkflowWriter.TypePrefix + info.Type, "PlanWorkflows", info.Type, t(info.Category, info.CategoryCnrOrEnglish), t(info.Type, info.NameCnrOrEnglish),
                t(info.Description, info.DescriptionCnrOrEnglish), [.. inputs], [.. ports]));
        }

        // The flowchart itself and its start and end, which Studio draws and every workflow it makes contains.
        var flowchart = Activity(ElsaWorkflowWriter.FlowchartType, "Elsa", "Flowchart", "Flow", "Flowchart", t("A flowchart of steps.", "Dijagram koraka."), [], []);
        flowchart["isContainer"] = true;
        flowchart["isBrowsable"] = false;
        items.Add(flowchart);
        var start = Activity(ElsaWorkflowWriter.StartType, "Elsa", "Start", t("Flow", "Tok"), "Start", t("Where the workflow starts.", "Početak toka rada."), [], [Port(ElsaWorkflowWriter.DonePort, t("Done", "Gotovo"))]);
        start["isStart"] = true;
        items.Add(start);
        var end = Activity(ElsaWorkflowWriter.EndType, "Elsa", "End", t("Flow", "Tok"), t("End", "Kraj"), t("Ends the workflow.", "Završava tok rada."), [], []);
        end["isTerminal"] = true;
        items.Add(end);
        return items;
    }

    private static JsonObject Activity(string typeName, string ns, string name, string category, string displayName, string description, JsonArray inputs, JsonArray ports) => new()
    {
        ["typeName"] = typeName,
        ["namespace"] = ns,
        ["name"] = name,
        ["version"] = 1,
        ["category"] = category,
        ["displayName"] = displayName,
        ["description"] = description,
        ["kind"] = "Action",
        ["isBrowsable"] = true,
        ["isContainer"] = false,
        ["isStart"] = false,
        ["isTerminal"] = false,
        ["inputs"] = inputs,
        ["outputs"] = new JsonArray(),
        ["ports"] = ports,
        ["customProperties"] = new JsonObject(),
        ["constructionProperties"] = new JsonObject(),
        ["attributes"] = new JsonArray(),
    };

    private static JsonObject Port(string name, string displayName) => new JsonObject
    {
        ["name"] = name,
        ["displayName"] = displayName,
        ["type"] = "Flow",
        ["isBrowsable"] = true,
    };

    private static JsonObject Input(StepInput input, int order, IReadOnlyList<string> templates, Translate t)
    {
        var (typeName, uiHint, options) = input.Kind switch
        {
            StepInputKind.Integer or StepInputKind.WorkingDays => ("Int32", "singleline", null),
            StepInputKind.Boolean => ("Boolean", "checkbox", null),
            StepInputKind.Template => ("String", "dropdown", templates),
            StepInputKind.Choice => ("String", "dropdown", input.Choices ?? []),
            StepInputKind.Recipients => ("String[]", "checklist", BuiltInStepMetadata.RecipientRoles),
            StepInputKind.Expression => ("String", "singleline", null),
            _ => ("String", "singleline", (IReadOnlyList<string>?)null),
        };
        var specifications = new JsonObject();
        if (options is not null && uiHint == "dropdown")
        {
            specifications["dropdown"] = new JsonObject
            {
                ["selectList"] = new JsonObject
                {
                    ["items"] = new JsonArray([.. options.Select(o => (JsonNode?)new JsonObject { ["text"] = o, ["value"] = o })]),
                    ["isFlagsEnum"] = false,
                },
            };
        }
        else if (options is not null)
        {
            specifications["checklist"] = new JsonObject
            {
                ["checkList"] = new JsonObject
                {
                    ["items"] = new JsonArray([.. options.Select(o => (JsonNode?)new JsonObject { ["text"] = o, ["value"] = o, ["isChecked"] = false })]),
                    ["isFlagsEnum"] = false,
                },
            };
        }

        var wrappedDefault = input.Default is null ? null : ElsaWorkflowWriter.Input(input.Kind, input.Default)["expression"]!["value"]!.DeepClone();
        return new JsonObject
        {
            ["name"] = input.Name,
            ["displayName"] = input.Name,
            ["description"] = t(input.Description, input.DescriptionCnrOrEnglish),
            ["typeName"] = typeName,
            ["uiHint"] = uiHint,
            ["isWrapped"] = true,
            ["defaultValue"] = wrappedDefault,
            ["defaultSyntax"] = input.Kind == StepInputKind.Expression ? ElsaWorkflowWriter.ScribanSyntax : ElsaWorkflowWriter.LiteralSyntax,
            ["order"] = order,
            ["category"] = t("Input", "Ulaz"),
            ["isReadOnly"] = false,
            ["isBrowsable"] = true,
            ["isSynthetic"] = false,
            ["autoEvaluate"] = true,
            ["uiSpecifications"] = specifications,
        };
    }

    /// <summary>
    /// What the engine evaluates: Literal values everywhere, Scriban in condition inputs. Studio offers every listed type in
    /// each input's menu; publishing refuses one the engine cannot evaluate there, naming the activity and the input.
    /// </summary>
    public static JsonArray Expressions(Translate t) =>
    [
        Expression(ElsaWorkflowWriter.LiteralSyntax, t("Literal", "Vrijednost"), "plaintext"),
        Expression(ElsaWorkflowWriter.ScribanSyntax, "Scriban", "handlebars"),
    ];

    private static JsonObject Expression(string type, string displayName, string monacoLanguage) => new JsonObject
    {
        ["type"] = type,
        ["displayName"] = displayName,
        ["isSerializable"] = true,
        ["isBrowsable"] = true,
        ["properties"] = new JsonObject { ["MonacoLanguage"] = monacoLanguage },
    };

    // The engine has one behaviour for each of these; Studio's tabs list it so nobody looks for another.
    public static JsonArray ActivationStrategies(Translate t) =>
        [Strategy("PlanWorkflows.ObligationActivation", t("One instance per obligation", "Jedna instanca po obavezi"), t("Instances start from the plan's obligations, one for each.", "Instance počinju iz obaveza plana, po jedna za svaku."))];

    public static JsonArray IncidentStrategies(Translate t) =>
        [Strategy("PlanWorkflows.FaultAndRetry", t("Fault, retry from the Office", "Greška, ponovni pokušaj iz Kancelarije"), t("A failing step faults the instance; the Office retries or cancels it.", "Korak koji ne uspije zaustavlja instancu; Kancelarija je ponovo pokreće ili otkazuje."))];

    public static JsonArray LogPersistenceStrategies(Translate t) =>
        [Strategy("PlanWorkflows.Journal", t("Journal", "Dnevnik"), t("Every step is written to the instance's journal.", "Svaki korak se upisuje u dnevnik instance."))];

    private static JsonObject Strategy(string typeName, string displayName, string description) => new JsonObject
    {
        ["typeName"] = typeName,
        ["displayName"] = displayName,
        ["description"] = description,
    };
}
