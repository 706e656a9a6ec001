using System.Collections.Concurrent;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace PlanWorkflows.Core.Workflows.Runtime;

/// <summary>Evaluates Scriban expressions (<c>obligation.status == "Overdue"</c>); parsed once, cached.</summary>
public sealed class ExpressionEvaluator
{
    private readonly ConcurrentDictionary<string, Template> _cache = new(StringComparer.Ordinal);

    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = _cache.GetOrAdd(expression, static text =>
        {
            var parsed = Template.Parse(text, lexerOptions: new LexerOptions { Mode = ScriptMode.ScriptOnly });
            return parsed.HasErrors
                ? throw new InvalidOperationException($"expression '{text}' does not parse: {string.Join("; ", parsed.Messages)}")
                : parsed;
        });

        var globals = new ScriptObject();
        foreach (var (name, value) in model)
        {
            globals.Add(name, ToScript(value));
        }

        var context = new TemplateContext { StrictVariables = false, LoopLimit = 1000 };
        context.PushGlobal(globals);
        return template.Evaluate(context);
    }

    private static object? ToScript(object? value)
    {
        if (value is IReadOnlyDictionary<string, object?> map)
        {
            var nested = new ScriptObject();
            foreach (var (key, inner) in map)
            {
                nested.Add(key, ToScript(inner));
            }

            return nested;
        }

        if (value is Dictionary<string, object?> dictionary)
        {
            return ToScript((IReadOnlyDictionary<string, object?>)dictionary);
        }

        return value;
    }
}
