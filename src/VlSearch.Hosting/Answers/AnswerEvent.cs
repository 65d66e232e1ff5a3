namespace VlSearch.Hosting.Answers;

/// <summary>One event of a streamed answer: a text delta, or the end with the photos the answer cites.</summary>
public sealed record AnswerEvent(string? Delta, IReadOnlyList<long>? Cited)
{
    public static AnswerEvent Text(string delta) => new(delta, null);

    public static AnswerEvent Done(IReadOnlyList<long> cited) => new(null, cited);

    public bool IsDone => Cited is not null;
}
