namespace VlSearch.Training;

/// <summary>The sampled content of a scene before rendering and captioning.</summary>
internal sealed class SceneLayout
{
    public required int Tone { get; init; }

    public required int Texture { get; init; }

    /// <summary>True for "A left of / above B" scenes, false for a group of identical objects in one region.</summary>
    public required bool IsPair { get; init; }

    /// <summary>Group scenes: the region index. Pair scenes: 0 = first object left of second, 1 = first above second.</summary>
    public required int Placement { get; init; }

    public required IReadOnlyList<SceneObject> Objects { get; init; }

    public required IReadOnlyList<string> ColorNames { get; init; }

    public string Background => $"{SceneVocabulary.Tones[Tone]}-{SceneVocabulary.Textures[Texture]}";

    public string Key => IsPair
        ? $"{Objects[0].Describe(ColorNames)}<{(Placement == 0 ? "left-of" : "above")}>{Objects[1].Describe(ColorNames)}/{Background}"
        : $"{Objects.Count}x{Objects[0].Describe(ColorNames)}@{SceneVocabulary.Regions[Placement]}/{Background}";

    public string Label => $"{ColorNames[Objects[0].Color]} {SceneVocabulary.Shapes[Objects[0].Shape]}";
}
