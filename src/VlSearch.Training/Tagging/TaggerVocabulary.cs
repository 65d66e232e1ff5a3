namespace VlSearch.Training.Tagging;

/// <summary>
/// What the tagger names: objects are the scene shapes; attributes are the colours and the two sizes (VinVL's
/// object/attribute split). Background texture belongs to the scene, not to an object, so it is no attribute here.
/// </summary>
public static class TaggerVocabulary
{
    /// <summary>Object labels by class index.</summary>
    public static IReadOnlyList<string> Objects => SceneVocabulary.Shapes;

    /// <summary>Attribute labels by attribute index: the colours, then "small" and "large".</summary>
    public static IReadOnlyList<string> Attributes { get; } = [.. SceneVocabulary.Colors, "small", "large"];

    /// <summary>The attribute index of a size.</summary>
    public static int SizeAttribute(bool large) => SceneVocabulary.Colors.Length + (large ? 1 : 0);
}
