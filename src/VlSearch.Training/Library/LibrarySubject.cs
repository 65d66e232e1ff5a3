namespace VlSearch.Training.Library;

/// <summary>What a generated library photo shows: one shape of one colour, big or small (scene vocabulary indices).</summary>
internal sealed record LibrarySubject(int Color, int Shape, bool Large)
{
    /// <summary>How a person would ask for it: "a big red circle".</summary>
    public string Text => $"a {(Large ? "big" : "small")} {SceneVocabulary.Colors[Color]} {SceneVocabulary.Shapes[Shape]}";
}
