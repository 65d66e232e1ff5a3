namespace VlSearch.Training;

/// <summary>The words the synthetic scenes' captions name objects by, for evaluations outside this library.</summary>
public static class SceneAttributes
{
    /// <summary>Object shapes, singular.</summary>
    public static IReadOnlyList<string> Shapes { get; } = Array.AsReadOnly(SceneVocabulary.Shapes);

    /// <summary>Object colours of the train, validation and test splits.</summary>
    public static IReadOnlyList<string> Colors { get; } = Array.AsReadOnly(SceneVocabulary.Colors);
}
