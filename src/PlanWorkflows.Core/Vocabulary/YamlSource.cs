using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Core.Vocabulary;

/// <summary>Reads the text of a YAML source file; what cannot be read is an <see cref="ImportException"/> naming the file and line.</summary>
public static class YamlSource
{
    public static YamlStream Load(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new ImportException(source, LineOf(ex.Start), $"invalid YAML: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this, without a position, on some unterminated flow collections
            // ("[unclosed" at the end of a file); the last event it read is the best line there is.
            throw new ImportException(source, parser.LastLine, $"invalid YAML: unterminated or malformed value after line {parser.LastLine}", ex);
        }

        return stream;
    }

    public static int LineOf(Mark mark) => (int)Math.Clamp(mark.Line, 0, int.MaxValue);

    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastLine = LineOf(current.Start);
            }

            return moved;
        }
    }
}
