namespace VlSearch.Training;

/// <summary>
/// Zero-shot prompt templates in the style of the synthetic captions, shipped with models trained on them. A
/// one-word prompt ("a photo of a red.") is nothing like a training caption; these put the label where captions put
/// colours and shapes, between a size word and a position, averaged over every size and position word so neither
/// leans the label's embedding. (With the first vlsearch-tiny, on 500 test scenes, they ranked an object's true colour
/// first 91 % of the time against 80 % for "a photo of a {}.".)
/// </summary>
public static class SceneTemplates
{
    /// <summary>The templates; <c>{}</c> stands for the label.</summary>
    public static IReadOnlyList<string> ZeroShot { get; } =
    [
        "a small {} on the left",
        "a big {} on the right",
        "a small {} at the top",
        "a big {} at the bottom",
        "a small {} in the center",
        "a big {} in the middle",
        "a large {} on the left",
        "a little {} on the right",
        "a large {} at the top",
        "a little {} at the bottom",
        "a large {} in the center",
        "a little {} in the middle",
    ];
}
