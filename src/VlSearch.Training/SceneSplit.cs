namespace VlSearch.Training;

/// <summary>Which part of the synthetic corpus a scene belongs to. Splits never share a scene description.</summary>
public enum SceneSplit
{
    Train,
    Validation,
    Test,

    /// <summary>
    /// Single-group scenes in colours, and with colour names, that the other splits never contain (brown, teal, navy,
    /// lime); used to show personal adapters.
    /// </summary>
    Shift,
}
