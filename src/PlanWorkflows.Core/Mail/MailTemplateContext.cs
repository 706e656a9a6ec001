using Scriban;
using Scriban.Functions;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PlanWorkflows.Core.Mail;

/// <summary>
/// Writes every value a template prints through the mail's language (dates, numbers) and, in HTML parts,
/// through an HTML escape. Literal template text is written by Scriban directly and is never escaped.
/// </summary>
internal sealed class MailTemplateContext : TemplateContext
{
    private readonly string _language;
    private readonly bool _escapeHtml;

    public MailTemplateContext(string language, bool escapeHtml)
    {
        _language = language;
        _escapeHtml = escapeHtml;
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is null)
        {
            return this;
        }

        if (textAsObject is IncludedText included)
        {
            Write(included.Text);
            return this;
        }

        var text = ObjectToString(textAsObject) ?? string.Empty;
        Write(_escapeHtml ? Escape(text) : text);
        return this;
    }

    internal static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"'") < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}

/// <summary>A partial's output: its values were escaped while it rendered, so it is written as it is.</summary>
internal sealed record IncludedText(string Text);

/// <summary>Scriban's <c>include</c>, marking what it returns as already escaped.</summary>
internal sealed class IncludeAsEscaped : IScriptCustomFunction
{
    private readonly IncludeFunction _inner = new();

    public int RequiredParameterCount => _inner.RequiredParameterCount;

    public int ParameterCount => _inner.ParameterCount;

    public ScriptVarParamKind VarParamKind => _inner.VarParamKind;

    public Type ReturnType => typeof(object);

    public ScriptParameterInfo GetParameterInfo(int index) => _inner.GetParameterInfo(index);

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        Wrap(_inner.Invoke(context, callerContext, arguments, blockStatement));

    public async ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        Wrap(await _inner.InvokeAsync(context, callerContext, arguments, blockStatement).ConfigureAwait(false));

    private static IncludedText? Wrap(object? result) => result is null ? null : new IncludedText(result as string ?? result.ToString() ?? string.Empty);
}
