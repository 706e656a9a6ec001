using System.Text;
using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Definitions;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PlanWorkflows.Core.Mail;

public sealed record RenderedMail(string Subject, string Html, string Text);

/// <summary>A template that does not parse or does not render; the message starts with <c>file:line:column</c>.</summary>
public sealed class MailTemplateException(string message) : Exception(message);

/// <summary>
/// The Scriban mail templates of one folder: <c>&lt;lang&gt;/&lt;name&gt;.subject.sbn</c>, <c>.html.sbn</c> and
/// <c>.text.sbn</c>, plus partials (<c>_name.sbn</c>) that templates include. In HTML parts every
/// <c>{{ value }}</c> is HTML-escaped, so catalogue text or a reply quoted back can never become markup.
/// </summary>
public sealed class MailTemplates
{
    public static IReadOnlyList<string> Parts { get; } = ["subject", "html", "text"];

    private const string Extension = ".sbn";

    private readonly string _folder;
    private readonly Dictionary<(string Language, string Name, string Part), Template> _templates = [];
    private readonly Dictionary<string, (string Text, Template Template)> _partials = new(StringComparer.Ordinal);

    // The parsed partials without errors, per language, by the path PartialLoader gives them.
    private readonly Dictionary<string, List<KeyValuePair<string, Template>>> _parsedPartials = new(StringComparer.Ordinal);

    private MailTemplates(string folder) => _folder = folder;

    public string Folder => _folder;

    /// <summary>Template names found in any language (without the partials).</summary>
    public IReadOnlyList<string> Names => _templates.Keys.Select(k => k.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Reads and parses every template; syntax errors are kept for <see cref="Check"/> and <see cref="Render"/> to report.</summary>
    public static MailTemplates Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: mail templates folder not found");
        }

        var result = new MailTemplates(folder);
        foreach (var language in MailLanguages.All)
        {
            var dir = Path.Combine(folder, language);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*" + Extension).Order(StringComparer.Ordinal))
            {
                var fileName = Path.GetFileName(file);
                var stem = fileName[..^Extension.Length];
                var path = Path.Combine(folder, language, fileName);
                var text = File.ReadAllText(file);
                var template = Template.Parse(text, path);
                if (stem.StartsWith('_'))
                {
                    result._partials[path] = (text, template);
                    if (!template.HasErrors)
                    {
                        if (!result._parsedPartials.TryGetValue(language, out var parsed))
                        {
                            result._parsedPartials[language] = parsed = [];
                        }

                        parsed.Add(new(path, template));
                    }

                    continue;
                }

                var dot = stem.LastIndexOf('.');
                var part = dot > 0 ? stem[(dot + 1)..] : string.Empty;
                if (!Parts.Contains(part, StringComparer.Ordinal))
                {
                    continue;
                }

                result._templates[(language, stem[..dot], part)] = template;
            }
        }

        return result;
    }

    public bool Contains(string name, string language) =>
        Parts.All(p => _templates.ContainsKey((language, name, p)));

    public RenderedMail Render(string name, string language, object model) => Render(name, language, model, strict: false);

    /// <summary>
    /// Renders every template of <see cref="KnownTemplates"/> (and any other found) in every language with
    /// sample data; returns one <c>file:line:column: message</c> per problem, none when all is well.
    /// </summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        foreach (var (_, (_, partial)) in _partials.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            errors.AddRange(ParseErrors(partial));
        }

        var names = KnownTemplates.Names.Concat(Names).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            foreach (var language in MailLanguages.All)
            {
                var complete = true;
                foreach (var part in Parts)
                {
                    if (!_templates.TryGetValue((language, name, part), out var template))
                    {
                        var other = MailLanguages.All.FirstOrDefault(l => l != language && _templates.ContainsKey((l, name, part)));
                        errors.Add($"{Path.Combine(_folder, language, $"{name}.{part}{Extension}")}:1:1: template missing"
                            + (other is null ? string.Empty : $" (present in {other}/)"));
                        complete = false;
                    }
                    else if (template.HasErrors)
                    {
                        errors.AddRange(ParseErrors(template));
                        complete = false;
                    }
                }

                if (!complete)
                {
                    continue;
                }

                foreach (var sample in MailSamples.For(name, language))
                {
                    try
                    {
                        Render(name, language, sample, strict: true);
                    }
                    catch (ScriptRuntimeException ex)
                    {
                        var error = Located(ex.Span, ex.OriginalMessage);
                        if (!errors.Contains(error, StringComparer.Ordinal))
                        {
                            errors.Add(error);
                        }
                    }
                    catch (MailTemplateException ex)
                    {
                        if (!errors.Contains(ex.Message, StringComparer.Ordinal))
                        {
                            errors.Add(ex.Message);
                        }
                    }
                }
            }
        }

        return errors;
    }

    private RenderedMail Render(string name, string language, object model, bool strict)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!MailLanguages.Written.Contains(language, StringComparer.Ordinal))
        {
            throw new MailTemplateException($"{name}: unknown language '{language}' (expected {string.Join(" or ", MailLanguages.Written)})");
        }

        // Cyrillic Montenegrin is the Montenegrin mail, transliterated once rendered (CyrillicMail).
        var written = language;
        language = MailLanguages.TextLanguage(language);

        string Part(string part)
        {
            if (!_templates.TryGetValue((language, name, part), out var template))
            {
                throw new MailTemplateException($"{Path.Combine(_folder, language, $"{name}.{part}{Extension}")}:1:1: template missing");
            }

            if (template.HasErrors)
            {
                throw new MailTemplateException(string.Join(Environment.NewLine, ParseErrors(template)));
            }

            var context = new MailTemplateContext(language, escapeHtml: part == "html")
            {
                TemplateLoader = new PartialLoader(this, language),
                // Checking is strict so a misspelt name or an unguarded empty member fails there; sending is lenient
                // so a model missing one optional member still produces a mail rather than losing a reminder.
                StrictVariables = strict,
                EnableRelaxedMemberAccess = !strict,
                EnableRelaxedTargetAccess = !strict,
                LoopLimit = 10_000,
            };
            // Scriban's include caches what it parses per context, and each part has its own context: hand it the
            // partials parsed at load, so a render does not parse them again. One with errors is left out, so
            // including it still fails through the loader as before.
            if (_parsedPartials.TryGetValue(language, out var partials))
            {
                foreach (var (path, partial) in partials)
                {
                    context.CachedTemplates[path] = partial;
                }
            }

            var globals = new ScriptObject
            {
                ["language"] = written,
                ["include"] = new IncludeAsEscaped(),
            };
            // Scriban prints whole numbers without grouping; large counts read better grouped per language.
            globals.Import("number", new Func<decimal, string>(n => MailFormat.Number(n, language)));
            Import(globals, model, context);
            // Templates print the period in words ("the third quarter of 2012"); the key stays available as round.
            if (RoundOf(model) is { Length: > 0 } round)
            {
                globals["round"] = round;
                globals["period"] = PeriodLabels.Name(round, language);
                globals["period_title"] = PeriodLabels.Title(round, language);
            }

            context.PushGlobal(globals);
            context.PushCulture(MailFormat.CultureFor(language));
            try
            {
                return template.Render(context);
            }
            catch (ScriptRuntimeException ex) when (!strict)
            {
                throw new MailTemplateException(Located(ex.Span, ex.OriginalMessage));
            }
        }

        var subject = string.Join(' ', Part("subject").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var mail = new RenderedMail(subject, Part("html"), Part("text"));
        return written == MailLanguages.MontenegrinCyrillic ? CyrillicMail.Transliterate(mail) : mail;
    }

    private static string? RoundOf(object model) => model switch
    {
        MailModel mail => mail.Round,
        JsonObject json => (json["round"] ?? json["period"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null,
        _ => null,
    };

    private static void Import(ScriptObject globals, object model, TemplateContext context)
    {
        switch (model)
        {
            case ScriptObject script:
                script.CopyTo(globals);
                break;
            case JsonObject json:
                foreach (var (key, value) in json)
                {
                    globals[SnakeCase(key)] = FromJson(value);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    globals[key] = value;
                }

                break;
            default:
                globals.Import(model, renamer: context.MemberRenamer);
                break;
        }
    }

    /// <summary>Outbox models are JSON in camelCase; templates see snake_case and real dates, as with <see cref="MailModel"/>.</summary>
    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.Aggregate(new ScriptObject(), (so, pair) => { so[SnakeCase(pair.Key)] = FromJson(pair.Value); return so; }),
        JsonArray array => new ScriptArray(array.Select(FromJson)),
        JsonValue value when value.TryGetValue<string>(out var text) =>
            text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date) ? date : text,
        JsonValue value when value.TryGetValue<long>(out var whole) => whole,
        JsonValue value when value.TryGetValue<decimal>(out var number) => number,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => node.ToJsonString(),
    };

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                if (builder.Length > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<string> ParseErrors(Template template) =>
        template.Messages.Where(m => m.Type == ParserMessageType.Error).Select(m => Located(m.Span, m.Message));

    private static string Located(SourceSpan span, string message) =>
        $"{span.FileName}:{span.Start.Line + 1}:{span.Start.Column + 1}: {message}";

    private sealed class PartialLoader(MailTemplates templates, string language) : ITemplateLoader
    {
        // Partials resolve within the mail's own language, so an English mail can never pull in Montenegrin text.
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
            Path.Combine(templates._folder, language, (templateName.StartsWith('_') ? templateName : "_" + templateName) + Extension);

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            templates._partials.TryGetValue(templatePath, out var partial)
                ? partial.Text
                : throw new ScriptRuntimeException(callerSpan, $"partial {templatePath} not found");

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
    }
}
