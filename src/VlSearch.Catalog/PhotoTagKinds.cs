namespace VlSearch.Catalog;

/// <summary>The kinds of <see cref="PhotoTag"/>: VinVL's object/attribute split, scenes, zero-shot labels and people's own.</summary>
public static class PhotoTagKinds
{
    /// <summary>An object a detector found (with a box).</summary>
    public const string Object = "object";

    /// <summary>An attribute of a detected object (colour, size, texture…), sharing its object's box.</summary>
    public const string Attribute = "attribute";

    /// <summary>What the whole photo shows (a beach, a kitchen).</summary>
    public const string Scene = "scene";

    /// <summary>A label of the vocabulary the active CLIP-family model scored against the photo.</summary>
    public const string ZeroShot = "zero-shot";

    /// <summary>A tag a person added.</summary>
    public const string User = "user";

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [Object, Attribute, Scene, ZeroShot, User];
}
