using System.Globalization;
using System.Net.Mail;
using System.Text;
using ClosedXML.Excel;

namespace PlanWorkflows.Server.Office.Pages;

/// <summary>One contact as typed in a form or read from a row of an import file.</summary>
public sealed record ContactInput(string Institution, string Role, string Name, string Email, string Language, bool Undeliverable = false, int Row = 0);

/// <summary>
/// Contacts from a CSV or XLSX file with the header <c>institution, role, name, email, language</c>. Every problem
/// is reported with its row and column; a file with any problem imports nothing.
/// </summary>
public static class ContactImport
{
    public static readonly string[] Columns = ["institution", "role", "name", "email", "language"];
    public static readonly string[] Roles = ["focalPoint", "deputy", "head"];
    public static readonly string[] Languages = ["cnr", "en"];

    public static (IReadOnlyList<ContactInput> Rows, IReadOnlyList<string> Errors) Read(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        List<string[]> table;
        try
        {
            table = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(content)
                : fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(content)
                : throw new FormatException("only .csv and .xlsx files can be imported");
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or ArgumentException or InvalidOperationException)
        {
            return ([], [$"{fileName}: {ex.Message}"]);
        }

        if (table.Count == 0)
        {
            return ([], [$"{fileName}: the file is empty"]);
        }

        var header = table[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var errors = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            var at = Array.IndexOf(header, column.ToLowerInvariant());
            if (at < 0)
            {
                errors.Add($"{fileName}, row 1: column '{column}' is missing (expected {string.Join(", ", Columns)})");
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

            var row = new ContactInput(Cell("institution"), Cell("role"), Cell("name"), Cell("email"), Cell("language").ToLowerInvariant(), Row: i + 1);
            foreach (var (column, message) in Check(row))
            {
                errors.Add($"{fileName}, row {i + 1}, column {column}: {message}");
            }

            rows.Add(row);
        }

        foreach (var twice in rows.GroupBy(r => (r.Institution.ToLowerInvariant(), r.Email.ToLowerInvariant())).Where(g => g.Count() > 1))
        {
            errors.Add($"{fileName}, row {twice.Skip(1).First().Row}, column email: {twice.First().Email} is already on row {twice.First().Row}");
        }

        return (rows, errors);
    }

    /// <summary>The problems of one contact, by column; shared by the edit form and the import.</summary>
    public static IEnumerable<(string Column, string Message)> Check(ContactInput row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Institution.Length == 0)
        {
            yield return ("institution", "required");
        }

        if (!Roles.Contains(row.Role, StringComparer.Ordinal))
        {
            yield return ("role", $"'{row.Role}' is not one of {string.Join(", ", Roles)}");
        }

        if (row.Name.Length is 0 or > 200)
        {
            yield return ("name", "required, at most 200 characters");
        }

        if (!MailAddress.TryCreate(row.Email, out var address) || !string.Equals(address.Address, row.Email, StringComparison.OrdinalIgnoreCase) || row.Email.Length > 320)
        {
            yield return ("email", $"'{row.Email}' is not an e-mail address");
        }

        if (!Languages.Contains(row.Language, StringComparer.Ordinal))
        {
            yield return ("language", $"'{row.Language}' is not one of {string.Join(", ", Languages)}");
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
    private static List<string[]> ReadCsv(Stream content)
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
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"row {rows.Count + 1}: a quoted field is not closed"));
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }
}
