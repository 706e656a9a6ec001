using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>plan translations check</c>: the catalogue's translation file against the catalogue and the institutions' names.</summary>
internal static class PlanTranslationCommands
{
    public static Command Build()
    {
        var translations = new Command("translations", "The catalogue's text in other languages (<catalogue>.<language>.yaml beside it).");
        translations.Subcommands.Add(Check());
        return translations;
    }

    private static Command Check()
    {
        var file = new Argument<string>("catalogue") { Description = "The catalogue YAML; its translation file is found beside it." };
        var language = new Option<string>("--language") { Description = "The translation's language.", DefaultValueFactory = _ => "cnr" };
        var workflows = new Option<string?>("--workflows") { Description = "The workflows folder with institutions.yaml (default: the one beside the catalogue, else the shipped one)." };
        var command = new Command("check",
            "List missing, stale (the English changed since) and unreviewed translations; exit 1 when any is missing or stale.")
        { file, language, workflows };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var path = result.GetValue(file)!;
            var lang = result.GetValue(language)!;
            var workspace = CliWorkspace.Load(result.GetValue(workflows), path);
            var catalogue = workspace.Catalogue;
            var translationsPath = PlanTranslations.PathFor(path, lang);
            if (!File.Exists(translationsPath))
            {
                throw new CliException($"{translationsPath}: no translation file for '{lang}' beside the catalogue");
            }

            var text = new PlanText(catalogue, PlanTranslations.Load(translationsPath));
            var findings = text.Check(lang, path);
            var writer = CliIo.Out(result);
            foreach (var f in findings)
            {
                var where = f.Line > 0 ? $"{f.File}:{f.Line}" : f.File;
                switch (f.State)
                {
                    case TranslationState.Missing:
                        writer.WriteLine($"missing: {where}: {f.Key}: no {lang} translation of \"{Short(f.English)}\"");
                        break;
                    case TranslationState.Stale:
                        writer.WriteLine($"stale: {where}: {f.Key}: translated from \"{Short(f.TranslatedFrom)}\", the catalogue now says \"{Short(f.English)}\"");
                        break;
                    case TranslationState.Obsolete:
                        writer.WriteLine($"obsolete: {where}: {f.Key}: the catalogue has no such field");
                        break;
                }
            }

            // A label in a form must answer one indicator: a translation that splits differently is shown in English.
            var misaligned = text.MisalignedIndicators(lang);
            foreach (var (key, at, line, english, translated) in misaligned)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"misaligned: {at}:{line}: {key}: {translated} {lang} indicators for the catalogue's {english}; mails and forms show them in English"));
            }

            foreach (var f in findings.Where(f => f.State is TranslationState.Current or TranslationState.Stale && !f.Reviewed))
            {
                writer.WriteLine($"unreviewed: {f.File}:{f.Line}: {f.Key}");
            }

            // Institution names are bilingual in institutions.yaml, which requires the Montenegrin name; one left as the
            // English is a missing translation all the same.
            var institutionsPath = Path.Combine(workspace.Folder, WorkflowsFolder.InstitutionsFile);
            var untranslated = lang == "cnr"
                ? workspace.Institutions.All.Where(i => string.IsNullOrWhiteSpace(i.NameCnr) || i.NameCnr == i.NameEn).ToList()
                : [];
            foreach (var institution in untranslated)
            {
                writer.WriteLine($"missing: {institutionsPath}: institution {institution.Id}: the cnr name is the English \"{institution.NameEn}\"");
            }

            int Count(TranslationState state) => findings.Count(f => f.State == state);
            var missing = Count(TranslationState.Missing) + untranslated.Count + misaligned.Count;
            var stale = Count(TranslationState.Stale);
            var obsolete = Count(TranslationState.Obsolete);
            var unreviewed = findings.Count(f => f.State is TranslationState.Current or TranslationState.Stale && !f.Reviewed);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{translationsPath}: {findings.Count(f => f.State != TranslationState.Obsolete)} fields; {Count(TranslationState.Current)} translated, {missing} missing, {stale} stale, {obsolete} obsolete, {unreviewed} unreviewed"));
            return missing + stale + obsolete > 0 ? 1 : 0;
        }));
        return command;
    }

    private static string Short(string? text)
    {
        var value = (text ?? string.Empty).ReplaceLineEndings(" ");
        return value.Length <= 80 ? value : value[..77] + "...";
    }
}
