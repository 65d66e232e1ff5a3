namespace VlSearch.Core.Answers;

/// <summary>One conversation with a vision chat model: instructions, the user's text, the images it sees and its limits.</summary>
public sealed record VisionChatRequest
{
    /// <summary>What the model is told to do (how to cite photos, how to answer).</summary>
    public required string Instructions { get; init; }

    /// <summary>The user's message.</summary>
    public required string Prompt { get; init; }

    /// <summary>Images sent with the user's message, in order; each is labelled with its photo id.</summary>
    public IReadOnlyList<AnswerImage> Images { get; init; } = [];

    /// <summary>The most tokens the reply may use.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Functions the model may call to look further; null offers none.</summary>
    public IPhotoTools? Tools { get; init; }

    /// <summary>The most tool calls one answer may make; past it the model must answer with what it has.</summary>
    public int MaxToolCalls { get; init; } = 4;
}
