using PlanWorkflows.Core.Catalogue.Reading;
namespace PlanWorkflows.Core.Tests.Catalogue;
public sealed class DumpTmp
{
    [Fact]
    public void Dump()
    {
        var d = PlanDocumentReader.ReadFile(RepoPaths.PlanDocument);
        using var w = new StreamWriter("/tmp/rows.txt");
        w.WriteLine($"TITLE {d.Title} ADOPTED {d.Adopted}");
        foreach (var wa in d.Warnings) w.WriteLine("DOCWARN " + wa);
        foreach (var a in d.Areas)
        {
            w.WriteLine($"== {a.Title} objectives: {string.Join(" | ", a.Objectives.Select(o => o.Key + ":" + o.Value[..Math.Min(40, o.Value.Length)]))}");
            foreach (var r in a.Rows)
            {
                w.WriteLine($"-- line {r.Line}");
                foreach (var (c, v) in r.Cells) w.WriteLine($"   {c}: {v}");
                foreach (var wa in r.Warnings) w.WriteLine("   WARN " + wa);
            }
        }
        Assert.NotEmpty(d.Areas);
    }
}
