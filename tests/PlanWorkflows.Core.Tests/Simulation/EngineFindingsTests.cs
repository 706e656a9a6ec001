using System.Text.Json.Nodes;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Simulation;

/// <summary>
/// What the whole-plan simulation found in the engine. In a realistic run every returned report
/// that is later accepted faults its instance: the shipped definitions review corrections in a
/// <c>Repeat</c> with an <c>until</c> expression, and that expression cannot read the loop's own
/// counter once the instance's variables have been stored and loaded again.
/// </summary>
public sealed class EngineFindingsTests
{
    private const string ReviewLoop = """
        {
          "name": "test-ladder",
          "title": "Review loop",
          "description": "",
          "properties": {},
          "sequence": [
            { "id": "loop", "componentType": "container", "type": "Repeat", "name": "Review until accepted",
              "properties": { "times": 3, "until": "obligation.status == 'Accepted'" },
              "sequence": [
                { "id": "review", "componentType": "switch", "type": "ReviewReport", "name": "Review", "properties": {},
                  "branches": {
                    "accepted": [ { "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } } ],
                    "returned": [ { "id": "return", "componentType": "task", "type": "SetStatus", "name": "Return", "properties": { "status": "Returned" } } ]
                  } }
              ] }
          ]
        }
        """;

    [Fact]
    public async Task Repeat_until_is_evaluated_after_a_stored_iteration_without_faulting()
    {
        var start = new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
        using var fixture = new EngineFixture(start);
        await fixture.PublishAsync(ReviewLoop);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(start.AddHours(1), engine);
        await using (var db = fixture.Create())
        {
            var instance = db.Instances.Single();
            Assert.Equal(ResumeEvent.Review, db.Bookmarks.Single().Kind);
            WorkflowEngine.Signal(db, instance.Id, ResumeEvent.Review, fixture.Now, new JsonObject { ["decision"] = "accepted" });
            await db.SaveChangesAsync();
        }

        await fixture.RunUntilAsync(start.AddDays(2), engine);
        await using (var db = fixture.Create())
        {
            // Fails today: "An element of type 'Number' cannot be converted to a 'System.Object'"
            // (StepContext.ExpressionModel reads a stored JsonValue with GetValue<object>()).
            Assert.Empty(db.Incidents.Select(i => i.Message));
            Assert.Equal(InstanceStatus.Completed, db.Instances.Single().Status);
            Assert.Equal(ObligationStatus.Accepted, db.Obligations.Single().Status);
        }
    }
}
