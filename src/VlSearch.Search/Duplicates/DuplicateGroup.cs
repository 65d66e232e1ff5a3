namespace VlSearch.Search.Duplicates;

/// <summary>
/// Near-identical photos. <see cref="Members"/> starts with the suggested keeper (largest resolution, then oldest),
/// the others follow by similarity to it, most similar first. Nothing is ever deleted: the keeper is a suggestion.
/// </summary>
public sealed record DuplicateGroup(IReadOnlyList<DuplicateMember> Members)
{
    /// <summary>The suggested photo to keep.</summary>
    public DuplicatePhoto Keep => Members[0].Photo;
}
