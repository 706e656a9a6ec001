using PlanWorkflows.Core;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Packs;

/// <summary>The service (web role) with its own pack archive, holding one pack built from a round with a report.</summary>
public sealed class PackArchiveApp : IAsyncLifetime
{
    public static readonly DateOnly Meeting = new(2013, 7, 11);

    private readonly string _archive = Directory.CreateTempSubdirectory("planworkflows-archive-").FullName;
    private readonly FormApp _app;

    public PackArchiveApp() => _app = new FormApp($"--Packs:ArchiveFolder={_archive}");

    public Uri BaseAddress => _app.BaseAddress;

    public string ArtifactsFolder => _app.ArtifactsFolder;

    public string Archive => _archive;

    /// <summary>The archived files of the meeting's pack.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    /// <summary>Links signed with the archive's key, as the pack-ready mail carries them.</summary>
    public PackLinks Links => PackLinks.For(new PackOptions { ArchiveFolder = _archive });

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var round = await _app.SeedAsync("en");
        await using (var db = _app.Db())
        {
            await WorkflowEngine.SubmitReportAsync(db, round.TrainingId, ImplementationStatus.PartiallyImplemented, "Two trainings <b>held</b>.", "form", "focal point",
                new DateTime(2013, 6, 20, 9, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync();
        }

        var calendar = WorkingDayCalendar.Load(CliRunner.Repo("workflows", WorkflowsFolder.HolidaysFile));
        await using (var db = _app.Db())
        {
            Files = PackFiles.Write(PackBuilder.Load(db, calendar, Meeting, null, "en"), Path.Combine(_archive, PackBuilder.Date(Meeting)));
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_archive, recursive: true);
    }
}
