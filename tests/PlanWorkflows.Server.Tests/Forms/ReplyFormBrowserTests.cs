using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Tests.Forms;

/// <summary>Debian's Chromium, started once for the browser tests; never a downloaded browser.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The form as a person on a phone uses it: real Chromium against the running service.</summary>
public sealed class ReplyFormBrowserTests(FormApp app, ChromiumFixture chromium) : IClassFixture<FormApp>, IClassFixture<ChromiumFixture>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    private static async Task<IPage> PhoneAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private Task<IBrowserContext> NewPhoneContextAsync(string locale) => chromium.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = locale,
        BaseURL = app.BaseAddress.ToString(),
    });

    [Fact]
    public async Task On_a_phone_the_link_opens_a_readable_form_that_submits_with_a_pdf_and_ends_on_the_receipt()
    {
        var seeded = await app.SeedAsync("en");
        await using var context = await NewPhoneContextAsync("en-GB");
        var page = await PhoneAsync(context);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text + " " + message.Location); };

        var response = await page.GotoAsync(app.BaseAddress + seeded.Path.TrimStart('/'));
        Assert.Equal(200, response!.Status);
        Assert.True(await page.GetByText("Reports must not contain personal data of victims").IsVisibleAsync());

        // One column that fits the phone: nothing wider than the screen, touch targets of at least 44 px.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"page is {scrollWidth}px wide on a 390px screen");
        var choice = await page.Locator("label.choice").First.BoundingBoxAsync();
        Assert.True(choice!.Height >= 44, $"status choice is only {choice.Height}px high");
        var submit = await page.GetByRole(AriaRole.Button, new() { Name = "Submit report" }).BoundingBoxAsync();
        Assert.True(submit!.Height >= 44 && submit.Width >= 300, $"submit button is {submit.Width}x{submit.Height}");
        Assert.Equal("rgb(11, 61, 102)", await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).color"));

        var training = $"o{seeded.TrainingId}";
        await page.Locator($"label[for={training}-status-PartiallyImplemented]").TapAsync();
        await page.Locator($"#{training}-ind0").FillAsync("14");
        await page.Locator($"#{training}-ind1").FillAsync("2300");
        await page.Locator($"#{training}-ind2").FillAsync("Curriculum agreed with the Police Academy");
        await page.Locator($"#{training}-narrative").FillAsync("Three trainings for labour inspectors in Podgorica, Bar and Bijelo Polje.");
        await page.Locator($"#{training}-links").FillAsync("https://mup.gov.me/trainings");
        await page.Locator($"#{training}-files").SetInputFilesAsync(new FilePayload { Name = "attendance.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.Locator("#reporter").FillAsync("Ana Perović");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "form-phone-en.png"), FullPage = true });
        await page.Locator($"#{training}-item").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "form-phone-en-item.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit report" }).TapAsync();
        await page.WaitForURLAsync($"**{seeded.Path}/done");
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Thank you – your report has been received" }).IsVisibleAsync());
        Assert.True(await page.GetByText("Three trainings for labour inspectors in Podgorica, Bar and Bijelo Polje.").IsVisibleAsync());
        Assert.True(await page.GetByText("attendance.pdf").IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "receipt-phone-en.png"), FullPage = true });
        // The strict Content-Security-Policy must not have blocked anything the page needs.
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        await using var db = app.Db();
        var report = await db.Reports.SingleAsync(r => r.ObligationId == seeded.TrainingId);
        Assert.Equal((ImplementationStatus.PartiallyImplemented, "Ana Perović"), (report.Status, report.SubmittedBy));
        Assert.Equal(Pdf, (await db.Evidence.SingleAsync(e => e.ReportId == report.Id)).Content);
        Assert.Equal(0, await db.Reports.CountAsync(r => r.ObligationId == seeded.ResearchId));
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.MessageId.StartsWith($"pw.form.{seeded.TokenId}.")));
    }

    [Fact]
    public async Task Montenegrin_form_shows_errors_next_to_the_field_then_accepts_the_corrected_report()
    {
        var seeded = await app.SeedAsync("cnr");
        await using var context = await NewPhoneContextAsync("sr-Latn-ME");
        var page = await PhoneAsync(context);
        await page.GotoAsync(app.BaseAddress + seeded.Path.TrimStart('/'));
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Izvještaj o realizaciji" }).IsVisibleAsync());
        Assert.True(await page.GetByText("Izvještaji ne smiju sadržati lične podatke žrtava").IsVisibleAsync());

        var research = $"o{seeded.ResearchId}";
        await page.GetByRole(AriaRole.Radio, new() { Name = "Nije primjenljivo" }).Nth(1).CheckAsync();
        await page.Locator($"#{research}-ind0").FillAsync("Nije sprovedeno");
        await page.Locator("#reporter").FillAsync("Marko Đukanović");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pošalji izvještaj" }).ClickAsync();

        var error = page.Locator($"#{research}-reason-error");
        Assert.Equal("Navedite razlog zbog kojeg aktivnost nije primjenljiva.", await error.TextContentAsync());
        Assert.True(await error.IsVisibleAsync());
        Assert.True(await page.GetByText("Molimo ispravite sljedeće:").IsVisibleAsync());
        // What was typed survives the round trip.
        Assert.Equal("Nije sprovedeno", await page.Locator($"#{research}-ind0").InputValueAsync());
        Assert.Equal("Marko Đukanović", await page.Locator("#reporter").InputValueAsync());
        Assert.True(await page.Locator($"#{research}-status-NotApplicable").IsCheckedAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "form-phone-cnr-errors.png"), FullPage = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "form-phone-cnr-first-screen.png") });
        await using (var db = app.Db())
        {
            Assert.Equal(0, await db.Reports.CountAsync(r => r.ObligationId == seeded.ResearchId));
        }

        await page.Locator($"#{research}-reason").FillAsync("Istraživanje je preuzela Uprava policije.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pošalji izvještaj" }).ClickAsync();
        await page.WaitForURLAsync($"**{seeded.Path}/done");
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Hvala – Vaš izvještaj je primljen" }).IsVisibleAsync());
        Assert.True(await page.GetByText("Nije primjenljivo", new() { Exact = true }).IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ArtifactsFolder, "receipt-phone-cnr.png"), FullPage = true });

        await using var check = app.Db();
        Assert.Equal(ObligationStatus.NotApplicable, (await check.Obligations.SingleAsync(o => o.Id == seeded.ResearchId)).Status);
    }

    [Fact]
    public async Task A_saved_draft_is_there_when_the_link_is_opened_again()
    {
        var seeded = await app.SeedAsync("en");
        await using var context = await NewPhoneContextAsync("en-GB");
        var page = await PhoneAsync(context);
        await page.GotoAsync(app.BaseAddress + seeded.Path.TrimStart('/'));
        var training = $"o{seeded.TrainingId}";
        await page.Locator($"label[for={training}-status-Implemented]").TapAsync();
        await page.Locator($"#{training}-narrative").FillAsync("Half written on the bus.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).TapAsync();
        await page.WaitForURLAsync("**?saved=true");
        Assert.True(await page.GetByText("Draft saved.").IsVisibleAsync());

        var later = await context.NewPageAsync();
        await later.GotoAsync(app.BaseAddress + seeded.Path.TrimStart('/'));
        Assert.Equal("Half written on the bus.", await later.Locator($"#{training}-narrative").InputValueAsync());
        Assert.True(await later.Locator($"#{training}-status-Implemented").IsCheckedAsync());
        await using var db = app.Db();
        Assert.Equal(0, await db.Reports.CountAsync(r => r.ObligationId == seeded.TrainingId));
    }
}
