namespace VlSearch.Search.Evaluation;

/// <summary>One query of an evaluation set with the photos a person would want for it.</summary>
/// <param name="Text">The query as a user types it (query language).</param>
/// <param name="Gains">
/// Relevant photos by path relative to the library root ('/' separators), each with its gain: 1 for plain
/// relevance, higher for photos that should come first.
/// </param>
public sealed record JudgedQuery(string Text, IReadOnlyDictionary<string, double> Gains);
