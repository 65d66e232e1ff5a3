namespace VlSearch.ModelHub;

/// <summary>A model the catalog knows how to download.</summary>
public sealed record KnownModel
{
    /// <summary>Short name, e.g. <c>clip-vit-b32</c>; also the installed folder name and the vector collection id.</summary>
    public required string Name { get; init; }

    /// <summary>Hub repository id, e.g. <c>Xenova/clip-vit-base-patch32</c>.</summary>
    public required string Repo { get; init; }

    /// <summary>Branch, tag or commit to download; a pinned entry names a commit (40 hex digits).</summary>
    public string Revision { get; init; } = "main";

    /// <summary>
    /// True when the entry pins a commit <see cref="Revision"/> and every file's size and SHA-256, checked against
    /// the hub; false when those could not be verified when the entry was written (<see cref="PinNote"/> says why).
    /// A pull checks whatever is pinned either way.
    /// </summary>
    public bool PinVerified { get; init; }

    /// <summary>Why the entry is not (fully) pinned, for entries with <see cref="PinVerified"/> false.</summary>
    public string? PinNote { get; init; }

    /// <summary>Whether <see cref="Revision"/> is a full commit id rather than a branch or tag that can move.</summary>
    public bool PinsCommit => Revision.Length == 40 && Revision.All(char.IsAsciiHexDigitLower);

    /// <summary>Whether the revision and every file's size and SHA-256 are recorded.</summary>
    public bool IsFullyPinned => PinsCommit && Files.All(f => f.Size is not null && f.Sha256 is { Length: 64 });

    public string Description { get; init; } = "";

    /// <summary>Embedding length.</summary>
    public int Dimension { get; init; }

    /// <summary>Whether the model embeds text queries.</summary>
    public bool HasText { get; init; } = true;

    /// <summary>Languages the text tower reads well (informational).</summary>
    public string Languages { get; init; } = "en";

    /// <summary>Encoder family: clip, siglip, siglip2, align, xlm-roberta-clip… (informational).</summary>
    public string Family { get; init; } = "clip";

    /// <summary>
    /// What a search score means: <c>cosine</c>, or <c>probability</c> for SigLIP models whose <c>config.json</c>
    /// carries their logit scale and bias (see docs/models.md).
    /// </summary>
    public string ScoreKind { get; init; } = "cosine";

    public string? License { get; init; }

    public IReadOnlyList<KnownModelFile> Files { get; init; } = [];

    /// <summary>ONNX variants the catalog lists files for ("" is full precision).</summary>
    public IReadOnlyList<string> Variants =>
        Files.Where(f => f.Variant is not null).Select(f => f.Variant!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The files a pull of <paramref name="variant"/> downloads: the shared ones and that variant's graphs.</summary>
    public IReadOnlyList<KnownModelFile> FilesFor(string variant) =>
        Files.Where(f => f.Variant is null || string.Equals(f.Variant, variant, StringComparison.Ordinal)).ToList();
}
