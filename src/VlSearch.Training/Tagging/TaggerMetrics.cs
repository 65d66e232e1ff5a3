namespace VlSearch.Training.Tagging;

/// <summary>
/// How well a tagger finds the scenes' objects. Predicted and true objects are paired one to one, highest IoU first,
/// among pairs with IoU ≥ 0.5. Object F1 counts a pair as right when the labels agree; attribute F1 counts each
/// attribute of a pair that both name (attributes of unpaired objects count as misses or false alarms); box recall is
/// the share of true objects some predicted box covers with IoU ≥ 0.5, whatever its label.
/// </summary>
public sealed record TaggerMetrics
{
    public required int Images { get; init; }

    public required int TrueObjects { get; init; }

    public required int PredictedObjects { get; init; }

    public required double ObjectPrecision { get; init; }

    public required double ObjectRecall { get; init; }

    public required double ObjectF1 { get; init; }

    public required double AttributePrecision { get; init; }

    public required double AttributeRecall { get; init; }

    public required double AttributeF1 { get; init; }

    /// <summary>Share of true objects matched by a predicted box with IoU ≥ 0.5.</summary>
    public required double BoxRecallAtIou50 { get; init; }

    /// <summary>Mean IoU of the paired objects.</summary>
    public required double MeanIou { get; init; }

    /// <summary>The score threshold the detections were cut at.</summary>
    public required float MinScore { get; init; }
}
