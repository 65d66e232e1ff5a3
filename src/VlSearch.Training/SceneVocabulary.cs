namespace VlSearch.Training;

/// <summary>The attribute values scenes are built from, with the RGB of each colour.</summary>
internal static class SceneVocabulary
{
    public static readonly string[] Shapes = ["circle", "square", "triangle", "star", "cross", "ring"];

    public static readonly string[] ShapePlurals = ["circles", "squares", "triangles", "stars", "crosses", "rings"];

    public static readonly string[] Colors = ["red", "green", "blue", "yellow", "orange", "purple", "pink", "cyan"];

    public static readonly (byte R, byte G, byte B)[] ColorRgb =
    [
        (220, 35, 35), (40, 165, 55), (40, 75, 225), (235, 215, 35),
        (245, 135, 25), (135, 55, 190), (245, 140, 195), (40, 205, 215),
    ];

    /// <summary>Colours (and their names) that only the shift split uses.</summary>
    public static readonly string[] ShiftColors = ["brown", "teal", "navy", "lime"];

    public static readonly (byte R, byte G, byte B)[] ShiftColorRgb =
    [
        (125, 75, 30), (15, 125, 120), (20, 30, 105), (165, 235, 45),
    ];

    public static readonly string[] Regions = ["left", "right", "top", "bottom", "center"];

    public static readonly string[] Textures = ["plain", "striped", "dotted", "checkered", "noisy"];

    public static readonly string[] Tones = ["light", "dark"];

    public static readonly string[][] SizeWords = [["small", "little"], ["large", "big"]];

    public static readonly string[][] RegionPhrases =
    [
        ["on the left", "at the left side"],
        ["on the right", "at the right side"],
        ["at the top", "near the top"],
        ["at the bottom", "near the bottom"],
        ["in the center", "in the middle"],
    ];

    public static readonly string[][] TextureWords =
    [
        ["plain", "solid"], ["striped"], ["dotted", "spotted"], ["checkered", "checked"], ["noisy", "grainy"],
    ];

    public static readonly string[][] ToneWords = [["light", "white"], ["dark", "black"]];

    public static readonly string[] Prefixes = ["", "", "a photo of ", "an image of ", "a picture of "];

    public static readonly string[] CountWords = ["one", "two", "three"];
}
