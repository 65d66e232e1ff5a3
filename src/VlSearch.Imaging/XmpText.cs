namespace VlSearch.Imaging;

/// <summary>What <see cref="EmbeddedText.ReadXmp"/> finds in an XMP packet.</summary>
/// <param name="Subjects">The dc:subject keywords, in order.</param>
/// <param name="Description">The first dc:description entry, if any.</param>
internal sealed record XmpText(IReadOnlyList<string> Subjects, string? Description);
