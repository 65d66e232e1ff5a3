namespace VlSearch.Hosting.Answers;

/// <summary><c>Answers:Imagine</c>: the text-to-image model that draws a description to search with.</summary>
public sealed class ImagineOptions : AnswerProviderOptions
{
    public const string SectionName = "Answers:Imagine";

    public override string Capability => "Imagine";
}
