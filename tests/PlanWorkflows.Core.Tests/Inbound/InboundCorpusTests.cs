using System.Text.Json.Nodes;
using PlanWorkflows.Core.Inbound;

namespace PlanWorkflows.Core.Tests.Inbound;

/// <summary>Every mail of the corpus against its expected result, field by field, so a failure names the field that changed.</summary>
public sealed class InboundCorpusTests
{
    private static readonly string Folder = RepoPaths.Combine("tests", "PlanWorkflows.Core.Tests", "Inbound", "Corpus");

    private static readonly InboundParserOptions Options = new() { ReplyDomain = "antitrafficking.gov.me" };

    public static TheoryData<string> Mails()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public void Corpus_mail_parses_to_its_expected_result(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Folder, name + ".eml"));
        var actual = JsonNode.Parse(InboundParser.Parse(stream, Options).ToJson())!.AsObject();
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".expected.json")))!.AsObject();

        foreach (var field in new[] { "kind", "token", "inReplyTo", "from", "items", "bouncedRecipients", "warnings" })
        {
            Assert.True(expected.ContainsKey(field), $"{name}.expected.json lacks \"{field}\"");
        }

        foreach (var (field, value) in expected)
        {
            Assert.True(actual.ContainsKey(field), $"{name}: no \"{field}\" in the output");
            var got = actual[field];
            Assert.True(JsonNode.DeepEquals(value, got), $"{name}: \"{field}\" expected {value?.ToJsonString() ?? "null"} but was {got?.ToJsonString() ?? "null"}");
        }
    }

    [Fact]
    public void Corpus_has_at_least_22_mails_each_with_an_expected_result_and_every_kind()
    {
        var mails = Directory.GetFiles(Folder, "*.eml");
        Assert.True(mails.Length >= 22, $"{mails.Length} mails");
        Assert.All(mails, m => Assert.True(File.Exists(Path.ChangeExtension(m, ".expected.json")), m));
        var kinds = Directory.GetFiles(Folder, "*.expected.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!["kind"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(kinds, new HashSet<string> { "report", "auto-reply", "out-of-office", "bounce" });
    }
}
