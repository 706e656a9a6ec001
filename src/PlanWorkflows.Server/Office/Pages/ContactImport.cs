using System.Globalization;
using System.Net.Mail;
using System.Text;
using ClosedXML.Excel;
using PlanWorkflows.Core;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>One contact as typed in a form or read from a row of an import file.</summary>
public sealed record ContactInput(string Institution, string Role, string Name, string Email, string Language, bool Undeliverable = false, int Row = 0);

/// <summary>
/// Contacts from a CSV or XLSX file with the header <c>institution, role, name, email, language</c>. Every problem
/// is reported with its row and column, in English and Montenegrin; a file with any problem imports nothing.
/// </summary>
public static class ContactImport
{
    public static readonly string[] Columns = ["institution", "role", "name", "email", "language"];
    public static readonly string[] Roles = ["focalPoint", "deputy", "head"];
    public static readonly string[] Languages = [.. MailLanguages.Written];

    public static (IReadOnlyList<ContactInput> Rows, IReadOnlyList<BilingualText> Errors) Read(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var xlsx = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ([], [new($"{fileName}: only .csv and .xlsx files can be imported", $"{fileName}: mogu se uvesti samo datoteke .csv i .xlsx")]);
        }

        List<string[]> table;
        try
        {
            (table, var unclosedRow) = xlsx ? (ReadXlsx(content), 0) : ReadCsv(content);
            if (unclosedRow > 0)
            {
                return ([], [new(
                    string.Create(CultureInfo.InvariantCulture, $"{fileName}: row {unclosedRow}: a quoted field is not closed"),
                    string.Create(CultureInfo.InvariantCulture, $"{fileName}: red {unclosedRow}: polje pod navodnicima nije zatvoreno"))]);
            }
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or ArgumentException or InvalidOperationException)
        {
            // The reader's own wording (ClosedXML, the zip format) has no Montenegrin; it stays as given after ours.
            return ([], [new($"{fileName}: {ex.Message}", $"{fileName}: datoteka se ne može pročitati: {ex.Message}")]);
        }

        if (table.Count == 0)
        {
            return ([], [new($"{fileName}: the file is empty", $"{fileName}: datoteka je prazna")]);
        }

        var header = table[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var errors = new List<BilingualText>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            var at = Array.IndexOf(header, column.ToLowerInvariant());
            if (at < 0)
            {
                errors.Add(new($"{fileName}, row 1: column '{column}' is missing (expected {string.Join(", ", Columns)})", $"{fileName}, red 1: nedostaje kolona '{column}' (očekuju se {string.Join(", ", Columns)})"));
            }

            index[column] = at;
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var rows = new List<ContactInput>();
        for (var i = 1; i < table.Count; i++)
        {
            var cells = table[i];
            string Cell(string column) => index[column] < cells.Length ? cells[index[column]].Trim() : string.Empty;
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var row = new ContactInput(Cell("institution"), Cell("role"), Cell("name"), Cell("email"), MailLanguages.Canonical(Cell("language")) ?? Cell("language"), Row: i + 1);
            foreach (var (column, message) in Check(row))
            {
                errors.Add(At(fileName, i + 1, column, message));
            }

            rows.Add(row);
        }

        foreach (var twice in rows.GroupBy(r => (r.Institution.ToLowerInvariant(), r.Email.ToLowerInvariant())).Where(g => g.Count() > 1))
        {
            var (first, again) = (twice.First(), twice.Skip(1).First());
            errors.Add(At(fileName, again.Row, "email", new(
                string.Create(CultureInfo.InvariantCulture, $"{first.Email} is already on row {first.Row}"),
                string.Create(CultureInfo.InvariantCulture, $"{first.Email} je već u redu {first.Row}"))));
        }

        return (rows, errors);
    }

    /// <summary>A problem placed in the file: <c>contacts.csv, row 3, column role: …</c>, in both languages.</summary>
    public static BilingualText At(string fileName, int row, string column, BilingualText message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(
            string.Create(CultureInfo.InvariantCulture, $"{fileName}, row {row}, column {column}: {message.En}"),
            string.Create(CultureInfo.InvariantCulture, $"{fileName}, red {row}, kolona {column}: {message.Cnr}"));
    }

    /// <summary>The problems of one contact, by column; shared by the edit form and the import.</summary>
    public static IEnumerable<(string Column, BilingualText Message)> Check(ContactInput row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Institution.Length == 0)
        {
            yield return ("institution", new("required", "obavezno"));
        }

        if (!Roles.Contains(row.Role, StringComparer.Ordinal))
        {
            yield return ("role", new($"'{row.Role}' is not one of {string.Join(", ", Roles)}", $"'{row.Role}' nije jedno od: {string.Join(", ", Roles)}"));
        }

        if (row.Name.Length is 0 or > 200)
        {
            yield return ("name", new("required, at most 200 characters", "obavezno, najviše 200 znakova"));
        }

        if (!MailAddress.TryCreate(row.Email, out var address) || !string.Equals(address.Address, row.Email, StringComparison.OrdinalIgnoreCase) || row.Email.Length > 320)
        {
            yield return ("email", new($"'{row.Email}' is not an e-mail address", $"'{row.Email}' nije adresa e-pošte"));
        }

        if (!Languages.Contains(row.Language, StringComparer.Ordinal))
        {
            yield return ("language", new($"'{row.Language}' is not one of {string.Join(", ", Languages)}", $"'{row.Language}' nije jedno od: {string.Join(", ", Languages)}"));
        }
    }

    private static List<string[]> ReadXlsx(Stream content)
    {
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheets.First();
        var used = sheet.RangeUsed();
        if (used is null)
        {
            return [];
        }

        var width = used.LastColumn().ColumnNumber();
        return [.. sheet.Rows(1, used.LastRow().RowNumber()).Select(r => Enumerable.Range(1, width).Select(c => r.Cell(c).GetFormattedString()).ToArray())];
    }

    /// <summary>RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; ';' is accepted as the separator too.</summary>
    /// <returns>The rows, and the row of a quoted field left open (0 when none is).</returns>
    private static (List<string[]> Rows, int UnclosedRow) ReadCsv(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return ([], rows.Count + 1);
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return (rows, 0);
    }
}
