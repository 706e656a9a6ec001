using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Core.Simulation;

/// <summary>
/// Writes composed mails as <c>.eml</c> files, the way the pickup-folder transport would, one file per
/// message (a digest is one file for all its rows). The same simulation writes byte-identical files.
/// </summary>
public sealed class MailFolder
{
    private readonly TimeZoneInfo _zone;

    public MailFolder(string path, TimeZoneInfo zone)
    {
        Path = path;
        _zone = zone;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    /// <summary>Local time of the plan, so names sort and read as the Office would see the mails; the first row id keeps names unique.</summary>
    public string FileName(DateTimeOffset date, long firstRowId, string template)
    {
        var local = TimeZoneInfo.ConvertTime(date, _zone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyyMMdd-HHmm}-{firstRowId}-{Safe(template)}.eml");
    }

    /// <summary>Writes <paramref name="mail"/>, named after its first row; <paramref name="template"/> is that row's template.</summary>
    public string Write(ComposedMail mail, string template)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = mail.Message;
        // MimeKit draws multipart boundaries at random; derived from the Message-Id they repeat run after run.
        var index = 0;
        foreach (var multipart in Multiparts(message.Body))
        {
            multipart.Boundary = Boundary(message.MessageId, index++);
        }

        var file = System.IO.Path.Combine(Path, FileName(message.Date, mail.RowIds[0], template));
        message.WriteTo(file);
        return file;
    }

    // MimeMessage.BodyParts yields only the leaves; the boundaries sit on the containers.
    private static IEnumerable<Multipart> Multiparts(MimeEntity? entity)
    {
        if (entity is Multipart multipart)
        {
            yield return multipart;
            foreach (var inner in multipart.SelectMany(Multiparts))
            {
                yield return inner;
            }
        }
    }

    // "=_" never occurs in base64 or quoted-printable content, so the boundary cannot collide with a body.
    private static string Boundary(string? messageId, int index) =>
        "=_pw_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId}|{index}")).AsSpan(0, 12));

    private static string Safe(string template) =>
        string.Concat(template.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
