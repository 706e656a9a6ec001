using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task Json_is_one_camel_case_object_with_counts_activities_and_the_overdue_list()
    {
        using var temp = new TempFolder();
        var path = await SeedAsync(temp);

        var result = CliRunner.Run("status", "--database", path, "--as-of", "2013-01-07", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(["asOf", "calendar", "totals", "areas", "institutions", "activities", "overdue"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2013-01-07", json.GetProperty("asOf").GetString());
        Assert.Equal("holidays-me.yaml", json.GetProperty("calendar").GetString());
        var totals = json.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("obligations").GetInt32());
        Assert.Equal(1, totals.GetProperty("escalated").GetInt32());
        Assert.Equal(1, totals.GetProperty("reported").GetInt32());
        Assert.Equal("education", json.GetProperty("areas")[0].GetProperty("areaId").GetString());
        Assert.Equal("Ministry of Health", json.GetProperty("institutions")[0].GetProperty("name").GetString());

        var activities = json.GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!);
        Assert.Equal("Partially implemented", activities["1.1.1"].GetProperty("implementation").GetString());
        Assert.Equal("No report received", activities["1.1.2"].GetProperty("implementation").GetString());

        var overdue = Assert.Single(json.GetProperty("overdue").EnumerateArray());
        Assert.Equal("education/1.1.2", overdue.GetProperty("activity").GetProperty("key").GetString());
        Assert.Equal("ministry-health", overdue.GetProperty("institution").GetProperty("id").GetString());
        Assert.Equal("2012-12-31", overdue.GetProperty("dueDate").GetString());
        // New Year (1–2 January), a weekend and Orthodox Christmas (7 January) leave the 3rd and the 4th.
        Assert.Equal(2, overdue.GetProperty("workingDaysOverdue").GetInt32());
        Assert.Equal(1, overdue.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("escalation-head", overdue.GetProperty("lastMail").GetProperty("template").GetString());
    }

    [Fact]
    public async Task Table_is_the_default_and_lists_the_overdue_items()
    {
        using var temp = new TempFolder();
        var path = await SeedAsync(temp);

        var result = CliRunner.Run("status", "--database", path, "--as-of", "2013-01-07");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Status as of 2013-01-07", result.Output, StringComparison.Ordinal);
        Assert.Contains("Overdue (1)", result.Output, StringComparison.Ordinal);
        var row = Assert.Single(result.Output.Split('\n'), l => l.Contains(" 1.1.2", StringComparison.Ordinal) && l.Contains("2012-12-31", StringComparison.Ordinal));
        Assert.Matches(@"Ministry of Health\s+Second half of 2012\s+2012-12-31\s+2\s+1\s+escalation-head 2013-01-03", row);
        Assert.Contains("No report received", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.Output, StringComparison.Ordinal);

        // Before the due date nothing is overdue.
        var earlier = CliRunner.Run("status", "--database", path, "--as-of", "2012-12-20");
        Assert.Contains("Overdue (0)", earlier.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_database_file_is_one_line_error()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("status", "--database", temp.File("nowhere.db"), "--as-of", "2013-01-07");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal($"error: --database '{temp.File("nowhere.db")}': no such file", result.Error.Trim());
    }

    [Theory]
    [InlineData("2013-13-01")]
    [InlineData("07.01.2013")]
    [InlineData("yesterday")]
    public async Task A_bad_date_is_one_line_error(string date)
    {
        using var temp = new TempFolder();
        var path = await SeedAsync(temp);
        var result = CliRunner.Run("status", "--database", path, "--as-of", date);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal($"error: --as-of '{date}': expected a date as yyyy-MM-dd", result.Error.Trim());
    }

    /// <summary>
    /// Two obligations due 2012-12-31: the Ministry of Health reported on 1.1.1 in December and never
    /// on 1.1.2, which was escalated (level 1) on 3 January with a mail sent that morning.
    /// </summary>
    private static async Task<string> SeedAsync(TempFolder temp)
    {
        var path = temp.File("plan.db");
        await using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={path};Pooling=False" });
        await db.Database.MigrateAsync();
        var created = new DateTime(2012, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var escalated = new DateTime(2013, 1, 3, 8, 0, 0, DateTimeKind.Utc);
        db.Institutions.Add(new InstitutionRecord { Id = "ministry-health", Kind = "ministry", NameEn = "Ministry of Health", NameCnr = "Ministarstvo zdravlja" });
        foreach (var code in new[] { "1.1.1", "1.1.2" })
        {
            db.Activities.Add(new ActivityRecord { Key = $"education/{code}", AreaId = "education", AreaTitle = "Education", Code = code, Title = $"Activity {code}", UpdatedAt = created });
        }

        var reported = new Obligation { ActivityKey = "education/1.1.1", InstitutionId = "ministry-health", PeriodLabel = "2012-H2", DueDate = new DateOnly(2012, 12, 31), Status = ObligationStatus.Reported, CreatedAt = created, UpdatedAt = new DateTime(2012, 12, 10, 10, 0, 0, DateTimeKind.Utc) };
        var late = new Obligation { ActivityKey = "education/1.1.2", InstitutionId = "ministry-health", PeriodLabel = "2012-H2", DueDate = new DateOnly(2012, 12, 31), Status = ObligationStatus.Escalated, EscalationLevel = 1, CreatedAt = created, UpdatedAt = escalated };
        db.Obligations.AddRange(reported, late);
        await db.SaveChangesAsync();
        db.Reports.Add(new Report { ObligationId = reported.Id, Version = 1, Status = ImplementationStatus.PartiallyImplemented, SubmittedBy = "focal point", SubmittedAt = reported.UpdatedAt });
        db.Outbox.Add(new OutboxMessage { MessageId = "m1@test", ObligationId = late.Id, Template = "first-reminder", To = "x@example.org", CreatedAt = new DateTime(2012, 12, 14, 8, 0, 0, DateTimeKind.Utc), NotBefore = created, Status = OutboxStatus.Sent, SentAt = new DateTime(2012, 12, 14, 8, 1, 0, DateTimeKind.Utc) });
        db.Outbox.Add(new OutboxMessage { MessageId = "m2@test", ObligationId = late.Id, Template = "escalation-head", To = "head@example.org", CreatedAt = escalated, NotBefore = escalated, Status = OutboxStatus.Sent, SentAt = escalated.AddMinutes(1) });
        db.Journal.Add(new JournalEntry { ObligationId = late.Id, At = escalated, StepId = "escalate", StepType = "Escalate", Event = "mail", Message = "escalation-head to head" });
        db.Journal.Add(new JournalEntry { ObligationId = late.Id, At = escalated, StepId = "escalate", StepType = "Escalate", Event = "status", Message = "Reminded → Escalated" });
        await db.SaveChangesAsync();
        return path;
    }
}
