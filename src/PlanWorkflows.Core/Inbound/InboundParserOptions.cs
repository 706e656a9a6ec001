namespace PlanWorkflows.Core.Inbound;

public sealed class InboundParserOptions
{
    public const long DefaultMaxMessageBytes = 25L * 1024 * 1024;

    /// <summary>The domain of the <c>reports+TOKEN@…</c> reply address; a plus address at another domain is not ours.</summary>
    public string ReplyDomain { get; set; } = "planworkflows.local";

    /// <summary>The part of the reply address before the '+'.</summary>
    public string ReplyLocalPart { get; set; } = "reports";

    public long MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>
    /// Codes of the items the token asked about, when the caller knows them; a reported code outside them is flagged.
    /// Without them the codes of a form quoted from the original mail are used.
    /// </summary>
    public IReadOnlyCollection<string>? ExpectedActivityCodes { get; set; }
}
