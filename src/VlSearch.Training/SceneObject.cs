namespace VlSearch.Training;

/// <summary>One drawn shape: attribute indices and its centre in pixels.</summary>
internal readonly record struct SceneObject(int Shape, int Color, bool Large, float X, float Y, float Radius, float Angle)
{
    public string Describe(IReadOnlyList<string> colors) =>
        $"{(Large ? "large" : "small")}:{colors[Color]}:{SceneVocabulary.Shapes[Shape]}";
}
