namespace VlSearch.Hosting.Answers;

/// <summary><c>Answers:Questions</c>: the vision chat model that answers questions about the photos found.</summary>
public sealed class QuestionsOptions : AnswerProviderOptions
{
    public const string SectionName = "Answers:Questions";

    public override string Capability => "Questions";

    /// <summary>Photo plugin calls (search, similar, details, tags) one answer may make.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 16)]
    public int MaxToolCalls { get; set; } = 4;
}
