using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;

namespace PlanWorkflows.Core.Tests.Catalogue;

public sealed class PlanDocumentReaderTests
{
    private static readonly Lazy<PlanDocument> RealDocument = new(() => PlanDocumentReader.ReadFile(RepoPaths.PlanDocument));

    [Fact]
    public void Real_document_has_eight_areas_with_their_row_counts()
    {
        var areas = RealDocument.Value.Areas.Select(a => (a.Title, a.Rows.Count)).ToList();
        foreach (var a in areas) Console.WriteLine(a);
        Assert.Equal(
        [
            ("PREVENTION AND EDUCATION", 9),
            ("EDUCATION", 18),
            ("IDENTIFICATION OF VICTIMS OF TRAFFICKING IN HUMAN BEINGS", 12),
            ("SUPPORT, PROTECTION AND REINTEGRATION OF VICTIMS", 15),
            ("EFFECTIVE PROSECUTION AND PUNISHMENT", 3),
            ("INTERNATIONAL COOPERATION", 10),
            ("COORDINATION AND PARTNERSHIP", 14),
            ("PARTNERSHIP", 6),
        ], areas);
    }
}
