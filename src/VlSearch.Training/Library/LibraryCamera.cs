namespace VlSearch.Training.Library;

/// <summary>A camera as EXIF names it, and how it names its files.</summary>
internal sealed record LibraryCamera(string Make, string Model, string FilePrefix);
