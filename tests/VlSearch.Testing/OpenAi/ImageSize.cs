namespace VlSearch.Testing.OpenAi;

/// <summary>The decoded size and bytes of an image part the double received.</summary>
public sealed record ImageSize(int Width, int Height, string MediaType, int Bytes);
