using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Tests.Forms;
using PlanWorkflows.Server.Tests.Office;
using static Microsoft.Playwright.Assertions;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>The designer as the Office uses it: real Chromium, dragging steps with the mouse, against the running service.</summary>
public sealed class DesignerBrowserTests(DesignerApp app, ChromiumFixture chromium) : IClassFixture<DesignerApp>, IClassFixture<ChromiumFixture>
{
    private async Task<IPage> OpenAsync(IBrowserContext context, List<string> errors)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text + " " + message.Location); };
        page.PageError += (_, error) => errors.Add(error);
        var response = await app.OpenPageAsync(page);
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator(".sqd-toolbox-item.sqd-type-SendReminder")).ToBeVisibleAsync();
        // The designer is an Office page: the Office's navigation marks it, and sign-out is at hand.
        await Expect(page.Locator("header.top a[aria-current=page]")).ToHaveTextAsync("Designer");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The designer's own words on the page: toolbar, status, problems, toolbox header and the editors' labels and hints.</summary>
    private static async Task<string> OwnWordsAsync(IPage page)
    {
        var parts = new List<string>();
        foreach (var selector in new[] { ".pw-toolbar", ".pw-status", ".pw-validation h2", ".pw-validation .pw-ok", ".sqd-toolbox-header", ".pw-editor label", ".pw-relative" })
        {
            parts.AddRange(await page.Locator(selector).AllInnerTextsAsync());
        }

        return string.Join("\n", parts);
    }

    /// <summary>Drags a toolbox step with the mouse and drops it on the lowest placeholder shown: after the last step of the root sequence.</summary>
    private static async Task DragFromToolboxAsync(IPage page, string type)
    {
        var toolboxItem = page.Locator($".sqd-toolbox-item.sqd-type-{type}");
        await toolboxItem.ScrollIntoViewIfNeededAsync();
        var item = await toolboxItem.BoundingBoxAsync();
        await page.Mouse.MoveAsync(item!.X + item.Width / 2, item.Y + item.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(item.X + item.Width / 2 + 40, item.Y + item.Height / 2 + 10, new() { Steps = 5 });
        var shown = page.Locator(".sqd-workspace .sqd-placeholder:not([visibility=hidden])");
        await Expect(shown.First).ToBeVisibleAsync();
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var placeholder in await shown.AllAsync())
        {
            boxes.Add((await placeholder.BoundingBoxAsync())!);
        }

        var target = boxes.MaxBy(b => b.Y);
        await page.Mouse.MoveAsync(target!.X + target.Width / 2, target.Y + target.Height / 2, new() { Steps = 15 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator($".sqd-workspace g.sqd-type-{type}")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Office_builds_a_workflow_by_dragging_steps_fixes_a_validation_error_publishes_and_previews_it()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB" });
        var errors = new List<string>();
        var page = await OpenAsync(context, errors);

        await page.FillAsync("#pw-new-name", "browser-flow");
        await page.ClickAsync("#pw-new");
        await Expect(page.Locator(".pw-status")).ToContainTextAsync("browser-flow (new, not saved)");

        // A wait with neither an absolute date nor an offset: the step is marked and its editor says why.
        await DragFromToolboxAsync(page, "WaitUntil");
        var wait = page.Locator(".sqd-workspace g.sqd-type-WaitUntil");
        await Expect(wait.Locator(".sqd-validation-error")).ToBeVisibleAsync();
        await Expect(page.Locator(".pw-step-errors")).ToContainTextAsync("needs exactly one of at, dueOffsetWorkingDays");
        await Expect(page.Locator(".pw-validation .pw-errors")).ToContainTextAsync("dueOffsetWorkingDays");

        await page.FillAsync("#input-dueOffsetWorkingDays", "-10");
        await Expect(page.Locator(".pw-kind-workingDays .pw-relative")).ToHaveTextAsync("10 working days before the due date");
        await Expect(wait.Locator(".sqd-validation-error")).ToHaveCountAsync(0);

        await DragFromToolboxAsync(page, "SendReminder");
        await Expect(page.Locator("#input-template")).ToHaveValueAsync("first-reminder");

        await DragFromToolboxAsync(page, "Escalate");
        var escalate = page.Locator(".sqd-workspace g.sqd-type-Escalate");
        await Expect(escalate.Locator(".sqd-validation-error")).ToBeVisibleAsync();
        await page.FillAsync("#input-level", "1");
        await page.CheckAsync("#input-recipients-head");
        await page.SelectOptionAsync("#input-template", "escalation-head");
        await Expect(escalate.Locator(".sqd-validation-error")).ToHaveCountAsync(0);
        await Expect(page.Locator(".pw-validation .pw-errors")).ToHaveTextAsync("No problems.");
        await Expect(page.Locator(".pw-step-errors li")).ToHaveCountAsync(0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "designer.png"), FullPage = true });

        await page.ClickAsync("#pw-publish");
        await Expect(page.Locator(".pw-status")).ToContainTextAsync("Published browser-flow v1");
        await using (var db = app.Db())
        {
            var published = await DefinitionStore.LatestPublishedAsync(db, "browser-flow");
            var document = DefinitionJson.Parse(published!.Json, "browser-flow");
            Assert.Equal(["WaitUntil", "SendReminder", "Escalate"], document.Sequence.Select(s => s.Type));
            Assert.Equal(-10, document.Sequence[0].Properties["dueOffsetWorkingDays"]!.GetValue<int>());
            Assert.Equal("escalation-head", document.Sequence[2].Properties["template"]!.GetValue<string>());
            Assert.Equal(["head"], document.Sequence[2].Properties["recipients"]!.AsArray().Select(r => r!.GetValue<string>()));
        }

        await page.ClickAsync("#pw-preview");
        await Expect(page.Locator("#pw-obligation option").First).ToBeAttachedAsync();
        await page.ClickAsync("#pw-run-preview");
        var never = page.Locator(".pw-timeline[data-replier=Never]");
        await Expect(never.Locator("tr.pw-mail-row")).ToHaveCountAsync(2);
        await Expect(never.Locator("tr.pw-mail-escalation")).ToContainTextAsync("escalation-head");
        await Expect(never.Locator("tr.pw-mail-reminder")).ToContainTextAsync("-10 wd");
        await Expect(page.Locator(".pw-timeline[data-replier=OnTime] .pw-dot")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "designer-preview.png"), FullPage = true });

        await page.ClickAsync("#pw-history");
        await Expect(page.Locator(".pw-versions tbody tr")).ToHaveCountAsync(1);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_designer_speaks_the_language_chosen_for_the_Office_pages_and_remembers_it()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB" });
        var errors = new List<string>();
        var page = await OpenAsync(context, errors);
        var root = page.Locator("#designer-app");
        await Expect(root).ToHaveAttributeAsync("data-lang", "en");

        await page.GotoAsync(new Uri(app.BaseAddress, DesignerEndpoints.PagePath + "?lang=cnr").ToString());
        await Expect(root).ToHaveAttributeAsync("data-lang", "cnr");
        await Expect(page.Locator("#pw-save")).ToHaveTextAsync("Sačuvaj nacrt");
        await Expect(page.Locator("#pw-publish")).ToHaveTextAsync("Objavi");
        await Expect(page.Locator("#pw-history")).ToHaveTextAsync("Istorija");
        await Expect(page.Locator("#pw-import")).ToHaveTextAsync("Uvezi…");
        await Expect(page.Locator(".pw-validation h2")).ToHaveTextAsync("Problemi");
        await Expect(page.Locator(".sqd-toolbox-header-title")).ToHaveTextAsync("Koraci");
        // The step types speak it too: their names and categories in the toolbox come from the server's metadata.
        await Expect(page.Locator(".sqd-toolbox-item.sqd-type-SendReminder .sqd-toolbox-item-text")).ToHaveTextAsync("Pošalji podsjetnik");
        await Expect(page.Locator(".sqd-toolbox-item.sqd-type-Escalate .sqd-toolbox-item-text")).ToHaveTextAsync("Eskaliraj");
        var categories = await page.Locator(".sqd-toolbox-group-title").AllInnerTextsAsync();
        Assert.Contains("Pošta", categories);
        Assert.DoesNotContain("Mail", categories);
        await page.FillAsync("#pw-new-name", "jezik-flow");
        await page.ClickAsync("#pw-new");
        await Expect(page.Locator(".pw-status")).ToHaveTextAsync("Otvoreno: jezik-flow (novi, nije sačuvan).");
        await Expect(page.Locator("label[for=root-title]")).ToHaveTextAsync("naslov");

        await DragFromToolboxAsync(page, "WaitUntil");
        await Expect(page.Locator(".pw-kind-workingDays label")).ToContainTextAsync("(radni dani, u odnosu na rok)");
        var hint = page.Locator(".pw-kind-workingDays .pw-relative");
        await page.FillAsync("#input-dueOffsetWorkingDays", "-10");
        await Expect(hint).ToHaveTextAsync("10 radnih dana prije roka");
        await page.FillAsync("#input-dueOffsetWorkingDays", "-3");
        await Expect(hint).ToHaveTextAsync("3 radna dana prije roka");
        await page.FillAsync("#input-dueOffsetWorkingDays", "21");
        await Expect(hint).ToHaveTextAsync("21 radni dan poslije roka");
        await Expect(page.Locator(".pw-editor h2")).ToHaveTextAsync("Čekaj do");
        await Expect(page.Locator("#step-name")).ToHaveValueAsync("Čekaj do");
        await Expect(page.Locator(".pw-kind-workingDays .pw-help")).ToHaveTextAsync("Radni dani u odnosu na rok: negativno prije, pozitivno poslije.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "designer-cnr.png"), FullPage = true });
        // Neither the designer's own words nor the step types' texts from the server's metadata are left in English.
        var words = await OwnWordsAsync(page);
        foreach (var english in new[] { "Save draft", "Publish", "History", "Problems", "Toolbox", "No problems", "working days", "due date", "title" })
        {
            Assert.DoesNotContain(english, words, StringComparison.Ordinal);
        }

        var stepTexts = string.Join("\n", await page.Locator(".pw-editor h2, .pw-editor .pw-help, .sqd-toolbox-item-text").AllInnerTextsAsync());
        foreach (var english in new[] { "WaitUntil", "SendReminder", "Working days", "Pauses until" })
        {
            Assert.DoesNotContain(english, stepTexts, StringComparison.Ordinal);
        }

        // The cookie keeps the choice for the next visit without ?lang=, as on every Office page.
        await page.GotoAsync(new Uri(app.BaseAddress, DesignerEndpoints.PagePath).ToString());
        await Expect(page.Locator("#pw-save")).ToHaveTextAsync("Sačuvaj nacrt");

        await page.GotoAsync(new Uri(app.BaseAddress, DesignerEndpoints.PagePath + "?lang=en").ToString());
        await Expect(root).ToHaveAttributeAsync("data-lang", "en");
        await Expect(page.Locator("#pw-save")).ToHaveTextAsync("Save draft");
        await Expect(page.Locator(".sqd-toolbox-header-title")).ToHaveTextAsync("Toolbox");
        await Expect(page.Locator(".sqd-toolbox-item.sqd-type-SendReminder .sqd-toolbox-item-text")).ToHaveTextAsync("SendReminder");
        Assert.Contains("Mail", await page.Locator(".sqd-toolbox-group-title").AllInnerTextsAsync());
        await page.FillAsync("#pw-new-name", "language-flow");
        await page.ClickAsync("#pw-new");
        await Expect(page.Locator("label[for=root-title]")).ToHaveTextAsync("title");
        await DragFromToolboxAsync(page, "WaitUntil");
        await page.FillAsync("#input-dueOffsetWorkingDays", "-1");
        await Expect(page.Locator(".pw-kind-workingDays .pw-relative")).ToHaveTextAsync("1 working day before the due date");
        var englishWords = await OwnWordsAsync(page);
        foreach (var montenegrin in new[] { "Sačuvaj nacrt", "Objavi", "Problemi", "Koraci", "radni" })
        {
            Assert.DoesNotContain(montenegrin, englishWords, StringComparison.Ordinal);
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task An_expression_is_checked_by_the_server_while_it_is_typed()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB" });
        var errors = new List<string>();
        var page = await OpenAsync(context, errors);
        await page.FillAsync("#pw-new-name", "expression-flow");
        await page.ClickAsync("#pw-new");

        await DragFromToolboxAsync(page, "Switch");
        await page.FillAsync("#input-expression", "obligation.status ==");
        await Expect(page.Locator(".pw-expression-status")).ToContainTextAsync("does not parse");
        await page.FillAsync("#input-expression", "obligation.status");
        await Expect(page.Locator(".pw-expression-status")).ToHaveTextAsync("✓ expression parses");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task On_the_Montenegrin_page_the_servers_validation_and_expression_check_speak_Montenegrin()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB" });
        var errors = new List<string>();
        var page = await OpenAsync(context, errors);
        await page.GotoAsync(new Uri(app.BaseAddress, DesignerEndpoints.PagePath + "?lang=cnr").ToString());
        await Expect(page.Locator("#designer-app")).ToHaveAttributeAsync("data-lang", "cnr");
        // The page opens the first definition by itself; a new one made before that finishes would be replaced by it.
        await Expect(page.Locator(".sqd-toolbox-item.sqd-type-SendReminder")).ToBeVisibleAsync();
        await page.FillAsync("#pw-new-name", "srpska-greska");
        await page.ClickAsync("#pw-new");

        // Only the server adds "nije dato nijedno": the designer's own check of the same rule stops before it.
        await DragFromToolboxAsync(page, "WaitUntil");
        const string neither = "WaitUntil traži tačno jedno od: at, dueOffsetWorkingDays; nije dato nijedno";
        await Expect(page.Locator(".pw-validation .pw-errors")).ToContainTextAsync(neither);
        await Expect(page.Locator(".pw-step-errors")).ToContainTextAsync(neither);
        await Expect(page.Locator(".pw-validation .pw-errors li").First).ToContainTextAsync("korak ");

        await DragFromToolboxAsync(page, "Switch");
        await page.FillAsync("#input-expression", "obligation.status ==");
        await Expect(page.Locator(".pw-expression-status")).ToContainTextAsync("✗ izraz nije ispravan: ");
        await Expect(page.Locator(".pw-validation .pw-errors")).ToContainTextAsync("expression: izraz nije ispravan: ");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "designer-cnr-validation.png"), FullPage = true });

        var shown = string.Join("\n", await page.Locator(".pw-validation .pw-errors, .pw-step-errors, .pw-expression-status").AllInnerTextsAsync());
        foreach (var english in new[] { "neither is given", "needs exactly one of", "does not parse", "required input" })
        {
            Assert.DoesNotContain(english, shown, StringComparison.Ordinal);
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Import_shows_where_a_file_is_wrong_and_history_compares_two_versions()
    {
        using var client = await app.ClientAsync();
        const string name = "history-flow";
        const string step = """{ "id": "remind", "componentType": "task", "type": "SendReminder", "name": "Remind", "properties": { "template": "TEMPLATE" } }""";
        string Document(string template) => $$"""{ "name": "{{name}}", "title": "History", "description": "", "properties": {}, "sequence": [ {{step.Replace("TEMPLATE", template, StringComparison.Ordinal)}} ] }""";
        await DesignerApp.PutDraftAsync(client, Document("first-reminder"));
        await DesignerApp.PublishAsync(client, name);
        await DesignerApp.PutDraftAsync(client, Document("final-reminder"));
        await DesignerApp.PublishAsync(client, name);

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB" });
        var errors = new List<string>();
        var page = await OpenAsync(context, errors);
        await page.SelectOptionAsync("#pw-definition", name);
        await page.ClickAsync("#pw-open");
        await Expect(page.Locator(".pw-status")).ToContainTextAsync("history-flow v2 (published)");
        await page.ClickAsync("#pw-history");
        await Expect(page.Locator(".pw-versions tbody tr")).ToHaveCountAsync(2);
        await page.ClickAsync("#pw-compare");
        await Expect(page.Locator("#pw-diff tbody tr")).ToHaveTextAsync("changedremindroot #1template: \"first-reminder\" → \"final-reminder\"");

        await page.SetInputFilesAsync("#pw-import-file", new FilePayload
        {
            Name = "broken.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("{\n  \"name\": \"x\",\n  \"sequence\": [,]\n}"),
        });
        await Expect(page.Locator(".pw-import-problems li")).ToContainTextAsync("broken.json: line 3");
        await Expect(page.Locator(".pw-status")).ToContainTextAsync("broken.json is not a definition");

        var imported = Document("no-such-template").Replace(name, "imported-flow", StringComparison.Ordinal);
        await page.SetInputFilesAsync("#pw-import-file", new FilePayload { Name = "imported.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(imported) });
        await Expect(page.Locator(".pw-import-problems li")).ToHaveTextAsync("imported.json: step remind, template: no mail template 'no-such-template'");
        await Expect(page.Locator(".sqd-workspace g.sqd-type-SendReminder .sqd-validation-error")).ToBeVisibleAsync();

        // Saving what was imported stores it as a draft and audits it as an import of that file by the signed-in user.
        await page.ClickAsync("#pw-save");
        await Expect(page.Locator(".pw-status")).ToContainTextAsync("Draft saved as imported-flow v1");
        await using (var db = app.Db())
        {
            var audit = await db.Audit.SingleAsync(a => a.Entity == "WorkflowDefinition" && a.EntityId == "imported-flow");
            Assert.Equal(("definition-imported", OfficeSignIn.OfficeEmail), (audit.Action, audit.User));
            Assert.Null(audit.BeforeJson);
            Assert.Contains("\"importedFrom\":\"imported.json\"", audit.AfterJson, StringComparison.Ordinal);
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pw-export"));
        Assert.Equal("imported-flow.json", download.SuggestedFilename);
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal("no-such-template", DefinitionJson.Parse(exported, "export").Sequence[0].Properties["template"]!.GetValue<string>());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Office_picks_named_institutions_in_the_recipient_picker_and_the_saved_and_exported_definition_name_them()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB", AcceptDownloads = true });
        var errors = new List<string>();
        var page = await OpenAsync(context, errors);
        await page.FillAsync("#pw-new-name", "named-browser-flow");
        await page.ClickAsync("#pw-new");
        await DragFromToolboxAsync(page, "Escalate");
        await page.FillAsync("#input-level", "1");
        await page.CheckAsync("#input-recipients-head");
        await page.SelectOptionAsync("#input-template", "escalation-head");

        // Every institution the server knows is offered; the filter narrows them by a part of the name.
        var copyOptions = page.Locator("#input-copy-institution-options .pw-institution-option");
        await Expect(copyOptions).ToHaveCountAsync(app.Services.GetRequiredService<PlanWorkflows.Core.Institutions.InstitutionDirectory>().All.Count);
        await page.FillAsync("#input-copy-institution-search", "supreme state pros");
        await Expect(copyOptions).ToHaveCountAsync(1);
        await Expect(copyOptions).ToHaveTextAsync("Supreme State Prosecutor's Office");
        await copyOptions.ClickAsync();
        await Expect(page.Locator("#input-copy-institutions li")).ToHaveAttributeAsync("data-recipient", "institution:supreme-state-prosecutor");
        // Once chosen it is no longer offered.
        await Expect(copyOptions).ToHaveCountAsync(0);

        // The head of a named institution, besides the head of the obligation's own.
        await page.FillAsync("#input-recipients-institution-search", "interior");
        await page.ClickAsync("#input-recipients-institution-options [data-institution-id=moi]");
        var moi = page.Locator("#input-recipients-institutions li");
        await Expect(moi).ToHaveAttributeAsync("data-recipient", "institution:moi");
        await moi.Locator("select").SelectOptionAsync("head");
        await Expect(moi).ToHaveAttributeAsync("data-recipient", "institution:moi:head");
        await Expect(page.Locator(".pw-validation .pw-errors")).ToHaveTextAsync("No problems.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "designer-recipients.png"), FullPage = true });

        await page.ClickAsync("#pw-save");
        await Expect(page.Locator(".pw-status")).ToContainTextAsync("Draft saved as named-browser-flow v1.");
        await using (var db = app.Db())
        {
            var draft = await db.Definitions.SingleAsync(d => d.Name == "named-browser-flow" && d.State == DefinitionState.Draft);
            var escalate = DefinitionJson.Parse(draft.Json, "draft").Sequence.Single();
            Assert.Equal(["head", "institution:moi:head"], escalate.Properties["recipients"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.Equal(["institution:supreme-state-prosecutor"], escalate.Properties["copy"]!.AsArray().Select(r => r!.GetValue<string>()));
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pw-export"));
        var exported = DefinitionJson.Parse(await File.ReadAllTextAsync((await download.PathAsync())!), download.SuggestedFilename);
        Assert.Equal("named-browser-flow.json", download.SuggestedFilename);
        Assert.Equal(["institution:supreme-state-prosecutor"], exported.Sequence.Single().Properties["copy"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["head", "institution:moi:head"], exported.Sequence.Single().Properties["recipients"]!.AsArray().Select(r => r!.GetValue<string>()));

        // On the Montenegrin pages the institutions go by their Montenegrin names, found without diacritics too.
        await page.GotoAsync(new Uri(app.BaseAddress, DesignerEndpoints.PagePath + "?lang=cnr").ToString());
        // The page opens the first definition by itself; a new one made before that finishes would be replaced by it.
        await Expect(page.Locator(".sqd-toolbox-item.sqd-type-SendReminder")).ToBeVisibleAsync();
        await page.FillAsync("#pw-new-name", "imenovane-institucije");
        await page.ClickAsync("#pw-new");
        await DragFromToolboxAsync(page, "SendReminder");
        await page.FillAsync("#input-copy-institution-search", "vrhovno drzavno tuzilastvo");
        await Expect(page.Locator("#input-copy-institution-options .pw-institution-option")).ToHaveTextAsync("Vrhovno državno tužilaštvo");
        await Expect(page.Locator(".pw-kind-recipients .pw-subhead").First).ToHaveTextAsync("Imenovane institucije");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
