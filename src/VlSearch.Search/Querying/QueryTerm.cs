namespace VlSearch.Search.Querying;

/// <summary>One term of the query vector.</summary>
/// <param name="Kind">Text to embed with the text encoder, or an image (a photo id or path) to embed with the image encoder.</param>
/// <param name="Value">The text, the photo id or path as typed after <c>like:</c>, or the description after <c>imagine:</c> (single-spaced).</param>
/// <param name="Weight">Its weight in the sum: 1 for free text and <c>+term</c>, negative for subtracted terms.</param>
/// <param name="Position">Index of the term's first character in <see cref="ParsedQuery.Text"/> (for errors and explain).</param>
public sealed record QueryTerm(QueryTermKind Kind, string Value, float Weight, int Position);
