using System.Net;
using PlanWorkflows.Server.Forms;

namespace PlanWorkflows.Server.Tests.Forms;

public sealed class ReplyFormLimitsTests
{
    [Fact]
    public async Task Form_requests_beyond_the_per_address_limit_get_429_while_the_status_page_still_answers()
    {
        var app = new FormApp("--Forms:RequestsPerMinute=3");
        await app.InitializeAsync();
        try
        {
            var seeded = await app.SeedAsync("en");
            using var http = app.Client();
            for (var i = 0; i < 3; i++)
            {
                using var ok = await http.GetAsync(new Uri(seeded.Path, UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            // Guessing tokens costs the same budget as using one.
            using var limited = await http.GetAsync(new Uri("/form/guessed-token-0000000", UriKind.Relative));
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var status = await http.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Number of organized public lectures and workshops", true)]
    [InlineData("Amount of funds spent", true)]
    [InlineData("Broj održanih obuka", true)]
    [InlineData("Iznos utrošenih sredstava", true)]
    [InlineData("Research conducted, the report adopted by the Parliament", false)]
    [InlineData("1.1. printed and distributed materials", false)]
    public void An_indicator_that_counts_something_gets_a_number_field(string indicator, bool numeric) =>
        Assert.Equal(numeric, Assert.Single(IndicatorFields.Split(indicator)).Numeric);

    [Fact]
    public void Form_fields_follow_the_catalogues_split_and_its_stored_corrections()
    {
        var fields = IndicatorFields.Split("Number of trainings; Amount spent\r\n\nCurriculum adopted, and published;  ");
        Assert.Equal(["Number of trainings", "Amount spent", "Curriculum adopted, and published"], fields.Select(f => f.Text));
        Assert.Equal([0, 1, 2], fields.Select(f => f.Index));
        Assert.Equal([true, true, false], fields.Select(f => f.Numeric));
        Assert.Empty(IndicatorFields.Split(null));

        // The list stored beside the activity (an overrides correction, a target) wins over re-splitting the text.
        var stored = IndicatorFields.For("""[{"name":"Number of held seminars","kind":"Count","target":4},{"name":"Number of held meetings","kind":"Count"}]""",
            "Number of held seminars, meetings");
        Assert.Equal(["Number of held seminars", "Number of held meetings"], stored.Select(f => f.Text));
        Assert.Equal([4m, null], stored.Select(f => f.Target));
    }
}
