namespace VlSearch.Indexing;

/// <summary>
/// What a scan found: counts, catalogued photos whose files are gone, files hashed because they are new or changed
/// (settled by <see cref="ChangeReconciler"/>) and files that need the encoder.
/// </summary>
internal sealed class IndexPlan
{
    public long Scanned { get; set; }

    public long Unchanged { get; set; }

    public long SkippedKnownBad { get; set; }

    public List<KnownPhoto> Vanished { get; } = [];

    public List<PendingFile> Hashed { get; } = [];

    public List<PendingFile> ToEmbed { get; } = [];

    /// <summary>Unchanged photos whose <c>.txt</c> caption beside them was added or changed since their row was written.</summary>
    public List<long> SidecarChanged { get; } = [];
}
