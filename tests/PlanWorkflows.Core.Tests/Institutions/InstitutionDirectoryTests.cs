using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Core.Tests.Institutions;

public sealed class InstitutionDirectoryTests
{
    private static InstitutionDirectory Directory => RealCatalogue.Directory;

    [Theory]
    // The Office, in every spelling the plans use.
    [InlineData("Ministry of Interior – Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("Ministry of Interior-Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("Ministry of interior – Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("Ministry of Interior—Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("MI-Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("MI- Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("MI-Office for Fight Against Trafficking in Human Beings", "moi-office")]
    [InlineData("MoI-Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("MUP Ministry of Interior – Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("MUP-Kancelarija za borbu protiv trgovine ljudima", "moi-office")]
    [InlineData("Office for Fight against Trafficking in Human Beings", "moi-office")]
    [InlineData("<p>MI-Office for Fight against Trafficking in Human Beings</p>", "moi-office")]
    [InlineData("  mi  -  office for fight against trafficking in human beings, ", "moi-office")]
    // The ministry itself is a different recipient from its Office.
    [InlineData("Ministry of Interior", "moi")]
    [InlineData("Ministry of interior", "moi")]
    [InlineData("MUP", "moi")]
    [InlineData("MoI", "moi")]
    // Montenegrin names used in the plan.
    [InlineData("Uprava policije", "police-directorate")]
    [InlineData("Kancelarija Ombudsmana", "ombudsman")]
    [InlineData("Ombudsman Office", "ombudsman")]
    [InlineData("Ministarstvo pravde i ljudskih prava", "ministry-justice-human-rights")]
    [InlineData("Crveni krst Crne Gore", "red-cross")]
    [InlineData("nevladine organizacije", "ngos")]
    // International organisations and embassies.
    [InlineData("IO OSCE", "osce")]
    [InlineData("OSCE", "osce")]
    [InlineData("IO UNICEF", "unicef")]
    [InlineData("IO IOM", "iom")]
    [InlineData("IO ICPMPD", "icmpd")]
    [InlineData("US Embassy in Podgorica", "us-embassy")]
    [InlineData("Red Cross Montenegro", "red-cross")]
    [InlineData("Red Cross of Montenegro", "red-cross")]
    [InlineData("Red Cross", "red-cross")]
    [InlineData("HRMA", "hrma")]
    [InlineData("Human Resources Management Authority", "hrma")]
    [InlineData("Human Resources Management Authority of Montenegro", "hrma")]
    [InlineData("Police Academy", "police-academy")]
    [InlineData("Judicial Training Centre", "judicial-training-centre")]
    [InlineData("Supreme State Prosecutor's Office", "supreme-state-prosecutor")]
    [InlineData("Supreme State Prosecutor’s Office", "supreme-state-prosecutor")]
    [InlineData("Prosecutor's Office", "state-prosecution")]
    [InlineData("Ministry of Labour and Social Welfare", "ministry-labour-social-welfare")]
    [InlineData("Ministry of Labor and Social Welfare", "ministry-labour-social-welfare")]
    [InlineData("Ministry of Minority rights", "ministry-human-minority-rights")]
    [InlineData("Ministry for Minority Rights", "ministry-human-minority-rights")]
    [InlineData("Ministry of Tourism and Sustainable Development (tourist inspection)", "ministry-tourism")]
    [InlineData("Ministry of Defense", "ministry-defence")]
    // Collective names.
    [InlineData("NGOs", "ngos")]
    [InlineData("NGO", "ngos")]
    [InlineData("Nongovernmental organizations", "ngos")]
    [InlineData("IO", "international-organizations")]
    [InlineData("international organizations", "international-organizations")]
    [InlineData("local government", "local-governments")]
    [InlineData("public institutions", "public-institutions")]
    [InlineData("courts", "courts")]
    [InlineData("Signatories to the Memorandum", "cooperation-agreement-signatories")]
    [InlineData("All signatories to the Agreement on Cooperation", "cooperation-agreement-signatories")]
    [InlineData("Signatories to the Code", "code-of-conduct-signatories")]
    [InlineData("Members of the Working Group for Fight against Trafficking in Human Beings", "working-group-members")]
    [InlineData("Work Group for Fight against Trafficking in Human Beings", "working-group")]
    [InlineData("other implementing institutions", "implementing-institutions")]
    public void Resolve_maps_document_spellings_to_the_canonical_institution(string name, string expectedId)
    {
        Assert.Equal(expectedId, Directory.Resolve(name)?.Id);
    }

    [Theory]
    [InlineData("Ministry of Interior – Office for Fight against Trafficking in")]
    [InlineData("Ministry of Sport")]
    [InlineData("Regular funds")]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_returns_null_for_names_that_are_not_exact(string name)
    {
        Assert.Null(Directory.Resolve(name));
    }

    [Fact]
    public void Find_returns_institutions_by_id_only()
    {
        Assert.Equal("Police Directorate", Directory.Find("police-directorate")?.NameEn);
        Assert.Null(Directory.Find("Police Directorate"));
    }

    [Fact]
    public void Every_institution_has_a_focal_point_and_government_bodies_a_deputy_and_head()
    {
        foreach (var institution in Directory.All)
        {
            var roles = institution.Contacts.Select(c => c.Role).ToHashSet();
            Assert.True(roles.Contains(ContactRole.FocalPoint), $"{institution.Id} has no focal point");
            if (institution.Kind == InstitutionKinds.Government)
            {
                Assert.True(roles.Contains(ContactRole.Deputy), $"{institution.Id} has no deputy");
                Assert.True(roles.Contains(ContactRole.Head), $"{institution.Id} has no head");
            }
        }

        Assert.Contains(Directory.Find("working-group")!.Contacts, c => c.Role == ContactRole.Head);
        Assert.Contains(Directory.Find("moi-office")!.Contacts, c => c.Role == ContactRole.Head);
    }

    [Fact]
    public void International_contacts_write_in_English_and_Montenegrin_ones_in_Montenegrin()
    {
        foreach (var institution in Directory.All)
        {
            var foreign = institution.Kind is InstitutionKinds.International or InstitutionKinds.Embassy
                || institution.Id == "international-organizations";
            Assert.All(institution.Contacts, c => Assert.Equal(foreign ? "en" : "cnr", c.Language));
        }
    }

    [Fact]
    public void Catalogue_contacts_are_demo_addresses_under_example_org()
    {
        Assert.All(Directory.All.SelectMany(i => i.Contacts),
            c => Assert.EndsWith("@example.org", c.Email, StringComparison.Ordinal));
    }

    [Fact]
    public void Catalogue_uses_every_kind_and_unique_ids()
    {
        Assert.Equal(Directory.All.Count, Directory.All.Select(i => i.Id).Distinct().Count());
        Assert.Equal(InstitutionKinds.All.Order(), Directory.All.Select(i => i.Kind).Distinct().Order());
    }

    private const string Valid = """
        institutions:
          - id: a
            kind: government
            names:
              en: Alpha Ministry
              cnr: Ministarstvo Alfa
            aliases: [ "AM" ]
            contacts:
              - role: focalPoint
                name: Ana
                email: ana@example.org
                language: cnr
          - id: b
            kind: ngo
            names:
              en: Beta
              cnr: Beta
            aliases:
              - "B-Org"
        """;

    [Fact]
    public void Parse_reads_ids_names_aliases_and_contacts()
    {
        var directory = InstitutionDirectory.Parse(Valid, "test.yaml");

        var a = directory.Resolve("am");
        Assert.NotNull(a);
        Assert.Equal(("a", "government", "Alpha Ministry", "Ministarstvo Alfa"), (a.Id, a.Kind, a.NameEn, a.NameCnr));
        Assert.Equal(new Contact(ContactRole.FocalPoint, "Ana", "ana@example.org", "cnr"), Assert.Single(a.Contacts));
        Assert.Equal("b", directory.Resolve("B – Org")?.Id);
        Assert.Empty(directory.Find("b")!.Contacts);
    }

    [Fact]
    public void Parse_rejects_malformed_yaml_with_its_line()
    {
        var yaml = "institutions:\n  - id: a\n    kind: [unclosed\n";

        var ex = Assert.Throws<ImportException>(() => InstitutionDirectory.Parse(yaml, "bad.yaml"));

        Assert.Equal("bad.yaml", ex.File);
        Assert.True(ex.Line >= 3, $"line {ex.Line}");
    }

    [Fact]
    public void Parse_rejects_an_alias_that_already_names_another_institution()
    {
        // "am" on line 20 would make "AM" ambiguous between a and b.
        var yaml = Valid + "\n      - \"am\"\n";

        var ex = Assert.Throws<ImportException>(() => InstitutionDirectory.Parse(yaml, "dup.yaml"));

        Assert.Equal(20, ex.Line);
        Assert.Contains("'a'", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_an_alias_equal_to_another_institutions_name_after_normalisation()
    {
        var yaml = Valid + "\n      - \"ALPHA  ministry.\"\n";

        var ex = Assert.Throws<ImportException>(() => InstitutionDirectory.Parse(yaml, "dup.yaml"));

        Assert.Equal(20, ex.Line);
    }

    [Fact]
    public void Parse_rejects_a_duplicate_id()
    {
        var yaml = Valid + "\n  - id: a\n    kind: ngo\n    names: { en: Other, cnr: Drugi }\n";

        var ex = Assert.Throws<ImportException>(() => InstitutionDirectory.Parse(yaml, "dup.yaml"));

        Assert.Equal(20, ex.Line);
        Assert.Contains("duplicate id", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email: ana@example.org", "email: ana.example.org", 11)]
    [InlineData("language: cnr", "language: sr", 12)]
    [InlineData("role: focalPoint", "role: boss", 9)]
    [InlineData("kind: ngo", "kind: company", 14)]
    [InlineData("id: b", "id: Beta Org", 13)]
    [InlineData("aliases:\n      - \"B-Org\"", "alias:\n      - \"B-Org\"", 18)]
    public void Parse_rejects_invalid_fields_with_their_line(string original, string replacement, int line)
    {
        var yaml = Valid.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var ex = Assert.Throws<ImportException>(() => InstitutionDirectory.Parse(yaml, "bad.yaml"));

        Assert.Equal(line, ex.Line);
    }

    [Fact]
    public void Load_reports_a_missing_file_as_an_import_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var ex = Assert.Throws<ImportException>(() => InstitutionDirectory.Load(path));

        Assert.Equal(path, ex.File);
    }
}
