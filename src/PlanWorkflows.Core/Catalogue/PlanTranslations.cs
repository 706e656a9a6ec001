using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// What a translation entry translates: the plan (<see cref="PlanSubject"/>), an area (<c>area:&lt;id&gt;</c>) or an
/// activity (its key), and one of its fields (<see cref="PlanTranslations.ActivityFields"/>, <c>title</c>, or
/// <c>objectives/&lt;number&gt;</c> of an area).
/// </summary>
public readonly record struct TranslationKey(string Subject, string Field)
{
    public const string PlanSubject = "plan";

    public static TranslationKey Plan(string field) => new(PlanSubject, field);

    public static TranslationKey Area(string areaId, string field) => new("area:" + areaId, field);

    public static TranslationKey Objective(string areaId, int number) => Area(areaId, "objectives/" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => $"{Subject} {Field}";
}

/// <summary>One translated field: the English it was made from, the translation, whether the Office confirmed it, and its line.</summary>
public sealed record TranslationEntry(TranslationKey Key, string English, string Text, bool Reviewed, int Line);

/// <summary>
/// The translation of a catalogue's person-facing text into another language, kept beside the catalogue as
/// <c>&lt;catalogue&gt;.&lt;language&gt;.yaml</c> (e.g. <c>action-plan-2012-2013.cnr.yaml</c>), which <c>plan import</c>
/// never writes. Every entry carries the English it translates, so an entry whose English has changed in the catalogue
/// since is stale, and a <c>reviewed</c> flag, false while the translation is a draft the Office has not confirmed.
/// </summary>
public sealed class PlanTranslations
{
    /// <summary>The activity fields a translation file may translate, as named in the file.</summary>
    public static IReadOnlyList<string> ActivityFields { get; } = ["title", "objective", "measure", "indicators", "funds", "partnersText", "implementersText"];

    private static readonly string[] EntryKeysBesideLanguage = ["en", "reviewed"];

    private readonly Dictionary<TranslationKey, TranslationEntry> _entries;

    private PlanTranslations(string source, string language, Dictionary<TranslationKey, TranslationEntry> entries)
    {
        Source = source;
        Language = language;
        _entries = entries;
    }

    public string Source { get; }

    /// <summary>The language of the translations (<c>cnr</c>), as the file's <c>language</c> says.</summary>
    public string Language { get; }

    public IReadOnlyCollection<TranslationEntry> Entries => _entries.Values;

    public TranslationEntry? Find(TranslationKey key) => _entries.GetValueOrDefault(key);

    /// <summary>The translation file of a catalogue in a language: <c>plans/x.yaml</c> → <c>plans/x.cnr.yaml</c>.</summary>
    public static string PathFor(string cataloguePath, string language)
    {
        var directory = Path.GetDirectoryName(cataloguePath) ?? ".";
        return Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(cataloguePath)}.{language}.yaml");
    }

    /// <summary>The translations beside a catalogue in a language, or null when there is no such file.</summary>
    public static PlanTranslations? LoadBeside(string cataloguePath, string language)
    {
        var path = PathFor(cataloguePath, language);
        return File.Exists(path) ? Load(path) : null;
    }

    public static PlanTranslations Load(string path) => Parse(ImportException.ReadText(path, "translation file"), path);

    /// <summary>Reads a translation file; anything malformed is an <see cref="ImportException"/> naming the file, the line and the field.</summary>
    public static PlanTranslations Parse(string yaml, string source)
    {
        var stream = YamlSource.Load(yaml, source);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ImportException(source, stream.Documents.Count == 0 ? 0 : Line(stream.Documents[0].RootNode), "a translation file is a mapping with 'language', 'plan', 'areas' and 'activities'");
        }

        var reader = new Reader(source);
        reader.OnlyKeys(root, "", ["language", "plan", "areas", "activities"]);
        var language = reader.Scalar(reader.Required(root, "", "language"), "language");
        if (language.Length == 0 || language == "en" || language.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw new ImportException(source, Line(root.Children[new YamlScalarNode("language")]), $"language: '{language}' is not a language code other than en (e.g. cnr)");
        }

        var entries = new Dictionary<TranslationKey, TranslationEntry>();
        void Add(TranslationKey key, YamlNode node, string path)
        {
            var entry = reader.Entry(key, node, path, language);
            entries[key] = entry;
        }

        if (root.Children.TryGetValue(new YamlScalarNode("plan"), out var planNode))
        {
            var plan = reader.Mapping(planNode, "plan");
            reader.OnlyKeys(plan, "plan", ["title"]);
            foreach (var (field, node) in plan.Children)
            {
                Add(TranslationKey.Plan(((YamlScalarNode)field).Value!), node, "plan." + field);
            }
        }

        if (root.Children.TryGetValue(new YamlScalarNode("areas"), out var areasNode))
        {
            foreach (var (idNode, areaNode) in reader.Mapping(areasNode, "areas").Children)
            {
                var id = reader.Scalar(idNode, "areas");
                var path = "areas." + id;
                var area = reader.Mapping(areaNode, path);
                reader.OnlyKeys(area, path, ["title", "objectives"]);
                if (area.Children.TryGetValue(new YamlScalarNode("title"), out var title))
                {
                    Add(TranslationKey.Area(id, "title"), title, path + ".title");
                }

                if (area.Children.TryGetValue(new YamlScalarNode("objectives"), out var objectives))
                {
                    foreach (var (numberNode, objective) in reader.Mapping(objectives, path + ".objectives").Children)
                    {
                        var number = reader.Scalar(numberNode, path + ".objectives");
                        if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                        {
                            throw new ImportException(source, Line(numberNode), $"{path}.objectives: '{number}' is not an objective number");
                        }

                        Add(TranslationKey.Objective(id, n), objective, $"{path}.objectives.{number}");
                    }
                }
            }
        }

        if (root.Children.TryGetValue(new YamlScalarNode("activities"), out var activitiesNode))
        {
            foreach (var (keyNode, activityNode) in reader.Mapping(activitiesNode, "activities").Children)
            {
                var key = reader.Scalar(keyNode, "activities");
                var path = "activities." + key;
                var activity = reader.Mapping(activityNode, path);
                reader.OnlyKeys(activity, path, [.. ActivityFields]);
                foreach (var (field, node) in activity.Children)
                {
                    Add(new TranslationKey(key, ((YamlScalarNode)field).Value!), node, $"{path}.{field}");
                }
            }
        }

        return new PlanTranslations(source, language, entries);
    }

    /// <summary>The English of a catalogue field the translations key, or null when the catalogue has no such field.</summary>
    public static string? EnglishOf(PlanCatalogue catalogue, TranslationKey key)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        if (key.Subject == TranslationKey.PlanSubject)
        {
            return key.Field == "title" ? catalogue.Plan.Title : null;
        }

        if (key.Subject.StartsWith("area:", StringComparison.Ordinal))
        {
            var area = catalogue.Areas.FirstOrDefault(a => a.Id == key.Subject["area:".Length..]);
            return area is null ? null
                : key.Field == "title" ? area.Title
                : key.Field.StartsWith("objectives/", StringComparison.Ordinal)
                    ? area.Objectives.FirstOrDefault(o => "objectives/" + o.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == key.Field)?.Text
                    : null;
        }

        return catalogue.FindActivity(key.Subject) is { } activity ? ActivityEnglish(activity, key.Field) : null;
    }

    /// <summary>The English text of one of <see cref="ActivityFields"/> of an activity.</summary>
    public static string? ActivityEnglish(CatalogueActivity activity, string field)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return field switch
        {
            "title" => activity.Title,
            "objective" => activity.Objective,
            "measure" => activity.Measure,
            "indicators" => activity.Indicators,
            "funds" => activity.Funds,
            "partnersText" => activity.PartnersText,
            "implementersText" => activity.ImplementersText,
            _ => null,
        };
    }

    /// <summary>Every translatable field of a catalogue with English text, in catalogue order, with the catalogue line where known.</summary>
    public static IEnumerable<(TranslationKey Key, string English, int Line)> Fields(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        if (!string.IsNullOrWhiteSpace(catalogue.Plan.Title))
        {
            yield return (TranslationKey.Plan("title"), catalogue.Plan.Title, 0);
        }

        foreach (var area in catalogue.Areas)
        {
            if (!string.IsNullOrWhiteSpace(area.Title))
            {
                yield return (TranslationKey.Area(area.Id, "title"), area.Title, 0);
            }

            foreach (var objective in area.Objectives.Where(o => !string.IsNullOrWhiteSpace(o.Text)))
            {
                yield return (TranslationKey.Objective(area.Id, objective.Number), objective.Text, 0);
            }
        }

        foreach (var activity in catalogue.Activities)
        {
            foreach (var field in ActivityFields)
            {
                if (ActivityEnglish(activity, field) is { } english && !string.IsNullOrWhiteSpace(english))
                {
                    yield return (new TranslationKey(activity.Key, field), english, activity.CatalogueLine);
                }
            }
        }
    }

    private static int Line(YamlNode node) => YamlSource.LineOf(node.Start);

    private sealed class Reader(string source)
    {
        public YamlMappingNode Mapping(YamlNode node, string path) =>
            node as YamlMappingNode ?? throw new ImportException(source, Line(node), $"{path}: expected a mapping");

        public string Scalar(YamlNode node, string path) =>
            node is YamlScalarNode { Value: { } value } ? value.Trim() : throw new ImportException(source, Line(node), $"{path}: expected text");

        public YamlNode Required(YamlMappingNode map, string path, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node)
                ? node
                : throw new ImportException(source, Line(map), $"{(path.Length == 0 ? key : path + "." + key)}: missing");

        public void OnlyKeys(YamlMappingNode map, string path, string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = key is YamlScalarNode { Value: { } v } ? v : string.Empty;
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw new ImportException(source, Line(key),
                        $"{(path.Length == 0 ? name : path + "." + name)}: unknown field (expected {string.Join(", ", allowed)})");
                }
            }
        }

        public TranslationEntry Entry(TranslationKey key, YamlNode node, string path, string language)
        {
            var map = Mapping(node, path);
            OnlyKeys(map, path, [.. EntryKeysBesideLanguage, language]);
            var english = Scalar(Required(map, path, "en"), path + ".en");
            var text = Scalar(Required(map, path, language), $"{path}.{language}");
            if (english.Length == 0)
            {
                throw new ImportException(source, Line(map.Children[new YamlScalarNode("en")]), $"{path}.en: the English source text is empty");
            }

            if (text.Length == 0)
            {
                throw new ImportException(source, Line(map.Children[new YamlScalarNode(language)]), $"{path}.{language}: the translation is empty");
            }

            var reviewed = false;
            if (map.Children.TryGetValue(new YamlScalarNode("reviewed"), out var flag))
            {
                reviewed = Scalar(flag, path + ".reviewed") switch
                {
                    "true" => true,
                    "false" => false,
                    var other => throw new ImportException(source, Line(flag), $"{path}.reviewed: '{other}' must be true or false"),
                };
            }

            return new TranslationEntry(key, english, text, reviewed, Line(map));
        }
    }
}
