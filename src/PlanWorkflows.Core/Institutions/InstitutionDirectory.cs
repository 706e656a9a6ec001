using System.Text.RegularExpressions;
using PlanWorkflows.Core.Catalogue;
using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Core.Institutions;

/// <summary>
/// The catalogue of institutions (<c>workflows/institutions.yaml</c>) with name resolution.
/// Every name, Montenegrin name and alias is indexed by its normalised form, so a name may
/// belong to only one institution: an ambiguous catalogue would route obligations to the
/// wrong recipient, hence it is rejected at load time rather than resolved by order.
/// </summary>
public sealed partial class InstitutionDirectory
{
    private static readonly string[] InstitutionKeys = ["id", "kind", "names", "aliases", "contacts"];
    private static readonly string[] ContactKeys = ["role", "name", "email", "language"];

    private readonly Dictionary<string, Institution> _byId;
    private readonly Dictionary<string, Institution> _byName;

    private InstitutionDirectory(List<Institution> all, Dictionary<string, Institution> byName)
    {
        All = all;
        _byId = all.ToDictionary(i => i.Id, StringComparer.Ordinal);
        Ids = all.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        _byName = byName;
        MaxNameTokens = byName.Keys.Count == 0 ? 0 : byName.Keys.Max(k => k.Split(' ').Length);
    }

    public IReadOnlyList<Institution> All { get; }

    /// <summary>Every institution's id: what a definition's recipients may name.</summary>
    public IReadOnlySet<string> Ids { get; }

    /// <summary>Longest name in tokens; bounds the parser's longest-match scan.</summary>
    internal int MaxNameTokens { get; }

    public static InstitutionDirectory Load(string yamlPath)
    {
        var text = ImportException.ReadText(yamlPath, "institutions catalogue");

        return Parse(text, yamlPath);
    }

    public static InstitutionDirectory Parse(string yaml, string sourceName)
    {
        var stream = YamlSource.Load(yaml, sourceName);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ImportException(sourceName, 1, "expected a mapping with an 'institutions' list");
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("institutions"), out var listNode) ||
            listNode is not YamlSequenceNode list)
        {
            throw new ImportException(sourceName, Line(root), "expected an 'institutions' list");
        }

        var reader = new Reader(sourceName);
        var all = new List<Institution>();
        var byName = new Dictionary<string, Institution>(StringComparer.Ordinal);
        var nameOwner = new Dictionary<string, (string Id, int Line)>(StringComparer.Ordinal);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var node in list.Children)
        {
            var map = reader.Mapping(node, "institution");
            reader.OnlyKeys(map, InstitutionKeys);

            var (id, idLine) = reader.RequiredScalar(map, "id");
            if (!KebabId().IsMatch(id))
            {
                throw new ImportException(sourceName, idLine, $"id '{id}' must be lower-case kebab-case");
            }

            if (ids.TryGetValue(id, out var firstLine))
            {
                throw new ImportException(sourceName, idLine, $"duplicate id '{id}' (first defined at line {firstLine})");
            }

            ids[id] = idLine;

            var (kind, kindLine) = reader.RequiredScalar(map, "kind");
            if (!InstitutionKinds.All.Contains(kind))
            {
                throw new ImportException(sourceName, kindLine,
                    $"institution '{id}': unknown kind '{kind}' (expected one of {string.Join(", ", InstitutionKinds.All)})");
            }

            var names = reader.Mapping(reader.Required(map, "names"), "names");
            reader.OnlyKeys(names, ["en", "cnr"]);
            var (nameEn, enLine) = reader.RequiredScalar(names, "en");
            var (nameCnr, cnrLine) = reader.RequiredScalar(names, "cnr");

            var aliases = new List<(string Text, int Line)>();
            if (map.Children.TryGetValue(new YamlScalarNode("aliases"), out var aliasNode))
            {
                foreach (var a in reader.Sequence(aliasNode, "aliases").Children)
                {
                    aliases.Add((reader.Scalar(a, "alias"), Line(a)));
                }
            }

            var contacts = new List<Contact>();
            if (map.Children.TryGetValue(new YamlScalarNode("contacts"), out var contactsNode))
            {
                foreach (var c in reader.Sequence(contactsNode, "contacts").Children)
                {
                    contacts.Add(reader.Contact(c, id));
                }
            }

            var institution = new Institution(id, kind, nameEn, nameCnr, aliases.Select(a => a.Text).ToList(), contacts);
            all.Add(institution);

            foreach (var (text, line) in aliases.Prepend((nameCnr, cnrLine)).Prepend((nameEn, enLine)))
            {
                var key = InstitutionNameTokenizer.Normalize(text);
                if (key.Length == 0)
                {
                    throw new ImportException(sourceName, line, $"institution '{id}': empty name or alias");
                }

                if (nameOwner.TryGetValue(key, out var owner))
                {
                    if (owner.Id == id)
                    {
                        // Literal document spellings that fold to the same key are kept for the record.
                        continue;
                    }

                    throw new ImportException(sourceName, line,
                        $"institution '{id}': name '{text}' already belongs to '{owner.Id}' (line {owner.Line})");
                }

                nameOwner[key] = (id, line);
                byName[key] = institution;
            }
        }

        return new InstitutionDirectory(all, byName);
    }

    public Institution? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Exact match of a whole name after normalisation; no fuzzy matching, so a miss is reported, never guessed.</summary>
    public Institution? Resolve(string name)
    {
        var key = InstitutionNameTokenizer.Normalize(name);
        return key.Length == 0 ? null : _byName.GetValueOrDefault(key);
    }

    internal Institution? ResolveKey(string normalisedKey) => _byName.GetValueOrDefault(normalisedKey);

    private static int Line(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();

    [GeneratedRegex(@"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")]
    private static partial Regex Email();

    /// <summary>Shape checks that name the offending line.</summary>
    private sealed class Reader(string source)
    {
        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw new ImportException(source, Line(node), $"{what} must be a mapping");

        public YamlSequenceNode Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw new ImportException(source, Line(node), $"{what} must be a list");

        public string Scalar(YamlNode node, string what)
        {
            if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                throw new ImportException(source, Line(node), $"{what} must be a non-empty text");
            }

            return value.Trim();
        }

        public YamlNode Required(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node)
                ? node
                : throw new ImportException(source, Line(map), $"missing '{key}'");

        public (string Value, int Line) RequiredScalar(YamlMappingNode map, string key)
        {
            var node = Required(map, key);
            return (Scalar(node, key), Line(node));
        }

        public void OnlyKeys(YamlMappingNode map, string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } k } || !allowed.Contains(k))
                {
                    // A misspelt key would otherwise silently drop data (e.g. 'alias' instead of 'aliases').
                    throw new ImportException(source, Line(key),
                        $"unexpected key '{key}' (expected {string.Join(", ", allowed)})");
                }
            }
        }

        public Contact Contact(YamlNode node, string institutionId)
        {
            var map = Mapping(node, "contact");
            OnlyKeys(map, ContactKeys);
            var (roleText, roleLine) = RequiredScalar(map, "role");
            var role = roleText switch
            {
                "focalPoint" => ContactRole.FocalPoint,
                "deputy" => ContactRole.Deputy,
                "head" => ContactRole.Head,
                _ => throw new ImportException(source, roleLine,
                    $"institution '{institutionId}': unknown contact role '{roleText}' (expected focalPoint, deputy, head)"),
            };
            var (name, _) = RequiredScalar(map, "name");
            var (email, emailLine) = RequiredScalar(map, "email");
            if (!Email().IsMatch(email))
            {
                throw new ImportException(source, emailLine, $"institution '{institutionId}': invalid email '{email}'");
            }

            var (typed, languageLine) = RequiredScalar(map, "language");
            var language = MailLanguages.Canonical(typed)
                ?? throw new ImportException(source, languageLine,
                    $"institution '{institutionId}', contact '{email}', field language: unknown language '{typed}' (expected {MailLanguages.Choices})");

            return new Contact(role, name, email, language);
        }
    }
}
