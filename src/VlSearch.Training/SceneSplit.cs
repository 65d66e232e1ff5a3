namespace VlSearch.Training;

/// <summary>Which part of the synthetic corpus a scene belongs to. Splits never share a scene description.</summary>
public enum SceneSplit
{
    Train,
    Validation,
    Test,

    /// <summary>
    /// Scenes with attributes the base corpus never contains (new colour names); used to show personal adapters.
    /// </summary>
    Shift,
}
