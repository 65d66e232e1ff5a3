namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The prompt ensemble of zero-shot tagging: each label is written into every template, the normalised text
/// embeddings are averaged and the mean normalised again, as CLIP's zero-shot evaluation does; one template alone
/// is a noisier estimate of what the label looks like. These generic templates serve every model that ships no
/// templates of its own (<see cref="Core.Tagging.ZeroShotPrompting.Templates"/>).
/// </summary>
public static class PromptTemplates
{
    /// <summary>The templates; <c>{}</c> stands for the label.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "a photo of a {}.",
        "a close-up photo of a {}.",
        "a photo of the {}.",
        "a picture of a {}.",
        "an image of a {}.",
        "a good photo of a {}.",
        "a bright photo of a {}.",
        "a cropped photo of a {}.",
        "a photo of a small {}.",
        "a photo of a large {}.",
        "a {} in the photo.",
        "{}",
    ];

    /// <summary>The prompts of one label with the generic templates, in template order.</summary>
    public static IEnumerable<string> For(string label) => Fill(All, label);

    /// <summary>The prompts of one label with <paramref name="templates"/>, in template order.</summary>
    public static IEnumerable<string> Fill(IReadOnlyList<string> templates, string label)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return templates.Select(t => t.Replace("{}", label, StringComparison.Ordinal));
    }
}
