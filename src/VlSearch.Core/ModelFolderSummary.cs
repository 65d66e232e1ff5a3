namespace VlSearch.Core;

/// <summary>What a model folder's files tell without loading the model.</summary>
/// <param name="Dimension">Embedding width from the folder's configuration; 0 when it does not say.</param>
/// <param name="HasText">Whether a text tower is present, so the model can answer text queries.</param>
/// <param name="ScoreKind">
/// What a search score means when the files tell ("probability", "cosine (no calibration)"); null when they do not.
/// </param>
public sealed record ModelFolderSummary(int Dimension, bool HasText, string? ScoreKind = null);
