namespace VlSearch.Training;

/// <summary>Progress of a training run: reported after every step, with validation metrics after each epoch.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, float Loss, RetrievalMetrics? Validation);
