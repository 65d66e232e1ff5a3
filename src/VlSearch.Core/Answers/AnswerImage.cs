namespace VlSearch.Core.Answers;

/// <summary>A photo sent to a vision model: its catalog id (what the answer may cite) and the downscaled JPEG bytes sent inline.</summary>
public sealed record AnswerImage(string PhotoId, ReadOnlyMemory<byte> Jpeg);
