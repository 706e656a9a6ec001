namespace PlanWorkflows.Core.Packs;

/// <summary>Where built meeting packs are archived and how they reach the secretary (<c>Packs</c> section).</summary>
public sealed class PackOptions
{
    public const string SectionName = "Packs";

    /// <summary>Each meeting's pack goes into a folder named by its date under this one.</summary>
    public string ArchiveFolder { get; set; } = Path.Combine("data", "packs");

    /// <summary>Above this total the pack is linked rather than attached: mail servers refuse large messages.</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Where the archive is served from (the service's <c>/packs</c>); signed links to a pack's folder and files are made under it.</summary>
    public string? DownloadBaseUrl { get; set; }

    /// <summary>Base64 key that signs download links; empty: a key made once and kept in the archive folder.</summary>
    public string? LinkKey { get; set; }
}
