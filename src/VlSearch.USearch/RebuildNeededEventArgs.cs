namespace VlSearch.USearch;

/// <summary>Raised when a collection's files turn out missing or damaged while it is opened.</summary>
public sealed class RebuildNeededEventArgs(CollectionHealth health) : EventArgs
{
    public CollectionHealth Health { get; } = health;
}
