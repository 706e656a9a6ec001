using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// Signed links to the pack archive: the mail carries <c>base/folder/file?sig=…</c> with an HMAC over the folder and
/// file, so a link cannot be guessed from a meeting date nor turned into another file's link. The key comes from
/// <see cref="PackOptions.LinkKey"/>, else from a key file made once in the archive folder (shared by every copy of the service).
/// </summary>
public sealed class PackLinks
{
    public const string KeyFileName = ".link-key";
    public const string SignatureParameter = "sig";

    private readonly byte[] _key;

    public PackLinks(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("a link key needs at least 16 bytes", nameof(key));
        }

        _key = key;
    }

    public static PackLinks For(PackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.LinkKey))
        {
            try
            {
                return new PackLinks(Convert.FromBase64String(options.LinkKey));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{PackOptions.SectionName}:{nameof(PackOptions.LinkKey)}: not base64 ({ex.Message})", ex);
            }
        }

        Directory.CreateDirectory(options.ArchiveFolder);
        var path = Path.Combine(options.ArchiveFolder, KeyFileName);
        if (File.Exists(path))
        {
            return new PackLinks(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        }

        // Written whole under a temporary name, then moved into place without overwriting: two copies starting at
        // once never see a half-written key, and the loser of the move reads the winner's.
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(key), Encoding.ASCII);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return new PackLinks(key);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return new PackLinks(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        }
    }

    /// <summary>The signature of a file of an archive folder, or of the folder's index when <paramref name="file"/> is null.</summary>
    public string Sign(string folder, string? file)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{folder}/{file}"));
        return Base64Url.EncodeToString(mac);
    }

    public bool Verify(string folder, string? file, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || !IsSafeName(folder) || (file is not null && !IsSafeName(file)))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(folder, file));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>The link to a file (or, with <paramref name="file"/> null, to the folder's list of files) under <paramref name="baseUrl"/>.</summary>
    public string Url(string baseUrl, string folder, string? file)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return $"{baseUrl.TrimEnd('/')}/{Uri.EscapeDataString(folder)}/{(file is null ? string.Empty : Uri.EscapeDataString(file))}?{SignatureParameter}={Sign(folder, file)}";
    }

    /// <summary>Archive folder and file names are plain: letters, digits, dot, dash, underscore, never starting with a dot.</summary>
    public static bool IsSafeName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 120 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
