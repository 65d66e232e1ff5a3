namespace VlSearch.Training.Library;

/// <summary>
/// What a generated library photo shows: one shape of one colour, big or small, on one background (scene
/// vocabulary indices); only its position changes from photo to photo.
/// </summary>
internal sealed record LibrarySubject(int Color, int Shape, bool Large, int Tone, int Texture)
{
    /// <summary>How a person would ask for it: "a big red circle on a dark striped background".</summary>
    public string Text =>
        $"a {(Large ? "big" : "small")} {SceneVocabulary.Colors[Color]} {SceneVocabulary.Shapes[Shape]} " +
        $"on a {SceneVocabulary.ToneWords[Tone][0]} {SceneVocabulary.TextureWords[Texture][0]} background";
}
