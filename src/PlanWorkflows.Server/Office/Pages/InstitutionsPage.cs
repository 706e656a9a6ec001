using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using static PlanWorkflows.Server.Office.OfficeRequest;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>Institutions and their contacts: read by everyone, edited and imported (CSV/XLSX) by the Office.</summary>
public static class InstitutionsPage
{
    public const string Path = OfficePaths.Root + "/institutions";
    private const long MaxImportBytes = 2 * 1024 * 1024;

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/institutions", ListAsync);
        group.MapGet("/institutions/{id}", (string id, HttpContext http, Func<PlanDbContext> createContext) =>
            PageAsync(For(http), createContext, id, [], StatusCodes.Status200OK, http.RequestAborted));
        group.MapPost("/institutions/import", ImportAsync).RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/institutions/{id}", SaveNamesAsync).RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/institutions/{id}/contacts", AddContactAsync).RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/institutions/{id}/contacts/{contactId:long}", SaveContactAsync).RequireAuthorization(OfficePolicies.Office);
        group.MapPost("/institutions/{id}/contacts/{contactId:long}/delete", DeleteContactAsync).RequireAuthorization(OfficePolicies.Office);
    }

    /// <summary>What the audit log keeps of an institution.</summary>
    private static async Task<object?> SnapshotAsync(PlanDbContext db, string id, CancellationToken cancellationToken)
    {
        var institution = await db.Institutions.AsNoTracking().Include(i => i.Contacts).FirstOrDefaultAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false);
        return institution is null ? null : new
        {
            institution.Id,
            institution.NameEn,
            institution.NameCnr,
            institution.EditedAt,
            Contacts = institution.Contacts.OrderBy(c => c.Id).Select(c => new { c.Id, c.Role, c.Name, c.Email, c.Language, c.Undeliverable, c.EditedAt }),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        return OfficeLayout.Page(r, r.T("Institutions and contacts", "Institucije i kontakti"), await ListBodyAsync(r, createContext, [], http.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<string> ListBodyAsync(OfficeRequest r, Func<PlanDbContext> createContext, IReadOnlyCollection<string> errors, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        // Sorted here, not by the database: its collation orders text differently on each provider.
        var rows = (await db.Institutions.AsNoTracking()
            .Select(i => new { i.Id, i.Kind, i.NameEn, i.NameCnr, Contacts = i.Contacts.Count }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        html.Append(OfficeLayout.Errors(r, errors));
        if (r.IsOffice)
        {
            html.Append($"<h2 id=\"import\">{E(r.T("Import contacts", "Uvoz kontakata"))}</h2><p class=\"muted\">{E(r.T("A .csv or .xlsx file with the columns", "Datoteka .csv ili .xlsx sa kolonama"))} <code>{E(string.Join(", ", ContactImport.Columns))}</code>. {E(r.T("Existing contacts with the same e-mail are updated; a file with any error imports nothing.", "Postojeći kontakti sa istom e-poštom se ažuriraju; datoteka sa bilo kojom greškom ne uvozi ništa."))}</p>");
            html.Append(r.Form(Path + "/import", $"<label>{E(r.T("File", "Datoteka"))} <input type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required></label>", r.T("Import", "Uvezi"), multipart: true));
        }

        html.Append(OfficeLayout.Table([r.T("Institution", "Institucija"), r.T("Name (English)", "Naziv (engleski)"), r.T("Name (Montenegrin)", "Naziv (crnogorski)"), r.T("Kind", "Vrsta"), r.T("Contacts", "Kontakti")],
            rows.Select(i => new[] { $"<a href=\"{Path}/{Uri.EscapeDataString(i.Id)}\">{E(i.Id)}</a>", E(i.NameEn), E(i.NameCnr), E(i.Kind), r.Number(i.Contacts) }),
            r.T("No institutions.", "Nema institucija.")));
        return html.ToString();
    }

    private static async Task<IResult> PageAsync(OfficeRequest r, Func<PlanDbContext> createContext, string id, IReadOnlyCollection<string> errors, int status, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var institution = await db.Institutions.AsNoTracking().Include(i => i.Contacts).FirstOrDefaultAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false);
        if (institution is null)
        {
            return OfficeLayout.Page(r, r.T("Not found", "Nije pronađeno"), $"<p>{E(r.T("No such institution.", "Nema takve institucije."))}</p>", StatusCodes.Status404NotFound);
        }

        var self = $"{Path}/{Uri.EscapeDataString(institution.Id)}";
        var html = new StringBuilder();
        html.Append(OfficeLayout.Errors(r, errors));
        html.Append($"<p class=\"muted\">{E(institution.Kind)} · <a href=\"{Path}\">{E(r.T("All institutions", "Sve institucije"))}</a></p>");
        if (institution.EditedAt is { } renamed)
        {
            html.Append($"<p class=\"muted\">{E(string.Format(r.Culture, r.T("Names edited here on {0}; institutions.yaml no longer changes them.", "Nazivi izmijenjeni ovdje {0}; institutions.yaml ih više ne mijenja."), r.Time(renamed)))}</p>");
        }

        if (r.IsOffice)
        {
            html.Append(r.Form(self, Field(r.T("Name (English)", "Naziv (engleski)"), "nameEn", institution.NameEn, extra: "maxlength=\"300\" required")
                + Field(r.T("Name (Montenegrin)", "Naziv (crnogorski)"), "nameCnr", institution.NameCnr, extra: "maxlength=\"300\" required"), r.T("Save names", "Sačuvaj nazive")));
        }
        else
        {
            html.Append($"<p>{E(institution.NameEn)}<br>{E(institution.NameCnr)}</p>");
        }

        html.Append($"<h2>{E(r.T("Contacts", "Kontakti"))}</h2>");
        html.Append(OfficeLayout.Table([r.T("Contact", "Kontakt"), string.Empty], institution.Contacts.OrderBy(c => c.Id).Select(c => new[]
        {
            r.IsOffice
                ? r.Form($"{self}/contacts/{c.Id}", ContactFields(r, c.Role, c.Name, c.Email, c.Language, c.Undeliverable), r.T("Save", "Sačuvaj"))
                : $"{E(c.Role)}: {E(c.Name)} &lt;{E(c.Email)}&gt; ({E(c.Language)}){(c.Undeliverable ? " — " + E(r.T("undeliverable", "neisporučivo")) : string.Empty)}",
            r.IsOffice ? r.Form($"{self}/contacts/{c.Id}/delete", string.Empty, r.T("Remove", "Ukloni"), "danger") : string.Empty,
        }), r.T("No contacts.", "Nema kontakata.")));
        if (r.IsOffice)
        {
            html.Append($"<h2>{E(r.T("Add a contact", "Dodaj kontakt"))}</h2>");
            html.Append(r.Form($"{self}/contacts", ContactFields(r, "focalPoint", string.Empty, string.Empty, "cnr", false), r.T("Add", "Dodaj")));
        }

        return OfficeLayout.Page(r, institution.NameEn.Length > 0 ? institution.NameEn : institution.Id, html.ToString(), status);
    }

    private static string ContactFields(OfficeRequest r, string role, string name, string email, string language, bool undeliverable) =>
        Select(r.T("Role", "Uloga"), "role", ContactImport.Roles.Select(x => (x, x)), role)
        + Field(r.T("Name", "Ime"), "name", name, extra: "maxlength=\"200\" required")
        + Field(r.T("E-mail", "E-pošta"), "email", email, "email", "maxlength=\"320\" required")
        + Select(r.T("Language", "Jezik"), "language", ContactImport.Languages.Select(x => (x, x)), language)
        + $"<label>{E(r.T("Undeliverable", "Neisporučivo"))} <input type=\"checkbox\" name=\"undeliverable\" value=\"true\"{(undeliverable ? " checked" : string.Empty)}></label>";

    private static async Task<(ContactInput Input, List<string> Errors)> ReadContactAsync(OfficeRequest r, string institution)
    {
        var form = await r.Http.Request.ReadFormAsync(r.Http.RequestAborted).ConfigureAwait(false);
        var input = new ContactInput(institution, form["role"].ToString(), form["name"].ToString().Trim(), form["email"].ToString().Trim(), form["language"].ToString(), form["undeliverable"] == "true");
        return (input, [.. ContactImport.Check(input).Select(e => $"{e.Column}: {e.Message.For(r.Lang)}")]);
    }

    private static async Task<IResult> SaveNamesAsync(string id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var nameEn = form["nameEn"].ToString().Trim();
        var nameCnr = form["nameCnr"].ToString().Trim();
        if (nameEn.Length is 0 or > 300 || nameCnr.Length is 0 or > 300)
        {
            return await PageAsync(r, createContext, id, [r.T("Both names are required, at most 300 characters each.", "Oba naziva su obavezna, najviše 300 znakova svaki.")], StatusCodes.Status422UnprocessableEntity, http.RequestAborted).ConfigureAwait(false);
        }

        return await ChangeAsync(r, createContext, id, "institution-renamed", async db =>
        {
            var institution = await db.Institutions.FirstAsync(i => i.Id == id, http.RequestAborted).ConfigureAwait(false);
            institution.NameEn = nameEn;
            institution.NameCnr = nameCnr;
            institution.EditedAt = r.Now;
            return true;
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> AddContactAsync(string id, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var (input, errors) = await ReadContactAsync(r, id).ConfigureAwait(false);
        await using (var db = createContext())
        {
            if (await db.Contacts.AnyAsync(c => c.InstitutionId == id && c.Email == input.Email, http.RequestAborted).ConfigureAwait(false))
            {
                errors.Add($"email: {input.Email} " + r.T("is already a contact of this institution", "je već kontakt ove institucije"));
            }
        }

        if (errors.Count > 0)
        {
            return await PageAsync(r, createContext, id, errors, StatusCodes.Status422UnprocessableEntity, http.RequestAborted).ConfigureAwait(false);
        }

        return await ChangeAsync(r, createContext, id, "contact-added", db =>
        {
            db.Contacts.Add(new ContactRecord { InstitutionId = id, Role = input.Role, Name = input.Name, Email = input.Email, Language = input.Language, Undeliverable = input.Undeliverable, EditedAt = r.Now });
            return Task.FromResult(true);
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> SaveContactAsync(string id, long contactId, HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var (input, errors) = await ReadContactAsync(r, id).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return await PageAsync(r, createContext, id, errors, StatusCodes.Status422UnprocessableEntity, http.RequestAborted).ConfigureAwait(false);
        }

        return await ChangeAsync(r, createContext, id, "contact-changed", async db =>
        {
            var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId && c.InstitutionId == id, http.RequestAborted).ConfigureAwait(false);
            if (contact is null)
            {
                return false;
            }

            (contact.Role, contact.Name, contact.Email, contact.Language, contact.Undeliverable, contact.EditedAt) = (input.Role, input.Name, input.Email, input.Language, input.Undeliverable, r.Now);
            return true;
        }).ConfigureAwait(false);
    }

    private static Task<IResult> DeleteContactAsync(string id, long contactId, HttpContext http, Func<PlanDbContext> createContext) =>
        ChangeAsync(For(http), createContext, id, "contact-removed", async db =>
        {
            var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId && c.InstitutionId == id, http.RequestAborted).ConfigureAwait(false);
            if (contact is null)
            {
                return false;
            }

            db.Contacts.Remove(contact);
            return true;
        });

    /// <summary>One audited change of one institution; 404 when the institution or contact is not there.</summary>
    private static async Task<IResult> ChangeAsync(OfficeRequest r, Func<PlanDbContext> createContext, string id, string action, Func<PlanDbContext, Task<bool>> change)
    {
        var cancellationToken = r.Http.RequestAborted;
        await using var db = createContext();
        if (!await db.Institutions.AnyAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false))
        {
            return OfficeLayout.Page(r, r.T("Not found", "Nije pronađeno"), $"<p>{E(r.T("No such institution.", "Nema takve institucije."))}</p>", StatusCodes.Status404NotFound);
        }

        var changed = await OfficeAudit.ChangeAsync(db, r.Who, action, "Institution", id, r.Now,
            () => SnapshotAsync(db, id, cancellationToken), () => change(db), () => SnapshotAsync(db, id, cancellationToken), cancellationToken).ConfigureAwait(false);
        return changed
            ? OfficeLayout.Done($"{Path}/{Uri.EscapeDataString(id)}", "saved")
            : OfficeLayout.Page(r, r.T("Not found", "Nije pronađeno"), $"<p>{E(r.T("No such contact.", "Nema takvog kontakta."))}</p>", StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, Func<PlanDbContext> createContext)
    {
        var r = For(http);
        var cancellationToken = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var file = form.Files["file"];
        var title = r.T("Institutions and contacts", "Institucije i kontakti");
        if (file is null || file.Length == 0 || file.Length > MaxImportBytes)
        {
            var message = r.T("Choose a .csv or .xlsx file of at most 2 MB.", "Izaberite .csv ili .xlsx datoteku od najviše 2 MB.");
            return OfficeLayout.Page(r, title, await ListBodyAsync(r, createContext, [message], cancellationToken).ConfigureAwait(false), StatusCodes.Status422UnprocessableEntity);
        }

        var name = System.IO.Path.GetFileName(file.FileName);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        var (rows, errors) = ContactImport.Read(buffer, name);
        await using var db = createContext();
        var known = await db.Institutions.AsNoTracking().Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        var errorList = errors.Concat(rows.Where(x => x.Institution.Length > 0 && !ids.Contains(x.Institution))
            .Select(x => ContactImport.At(name, x.Row, "institution", new($"no institution '{x.Institution}'", $"nema institucije '{x.Institution}'"))))
            .Select(e => e.For(r.Lang)).ToList();
        if (errorList.Count > 0)
        {
            return OfficeLayout.Page(r, title, await ListBodyAsync(r, createContext, errorList, cancellationToken).ConfigureAwait(false), StatusCodes.Status422UnprocessableEntity);
        }

        var canonical = known.ToDictionary(k => k, StringComparer.OrdinalIgnoreCase);
        var touched = rows.Select(x => canonical[x.Institution]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // Ordered here, not by the database, so the audit row reads the same on every provider.
        async Task<object?> Snapshot() => (await db.Contacts.AsNoTracking().Where(c => touched.Contains(c.InstitutionId))
            .Select(c => new { c.InstitutionId, c.Id, c.Role, c.Name, c.Email, c.Language }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(c => c.InstitutionId, StringComparer.Ordinal).ThenBy(c => c.Id)
            .Select(c => new { c.InstitutionId, c.Role, c.Name, c.Email, c.Language }).ToList();
        await OfficeAudit.ChangeAsync(db, r.Who, "contacts-imported", "Contacts", name, r.Now, Snapshot, async () =>
        {
            var existing = await db.Contacts.Where(c => touched.Contains(c.InstitutionId)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var institution = canonical[row.Institution];
                var contact = existing.FirstOrDefault(c => c.InstitutionId == institution && string.Equals(c.Email, row.Email, StringComparison.OrdinalIgnoreCase));
                if (contact is null)
                {
                    contact = new ContactRecord { InstitutionId = institution };
                    db.Contacts.Add(contact);
                    existing.Add(contact);
                }

                (contact.Role, contact.Name, contact.Email, contact.Language, contact.EditedAt) = (row.Role, row.Name, row.Email, row.Language, r.Now);
            }
        }, Snapshot, cancellationToken).ConfigureAwait(false);
        return OfficeLayout.Done(Path, "imported");
    }
}
