namespace VlSearch.Hosting;

/// <summary>What a command must know of a model before it encodes anything: its vector space and whether it reads text.</summary>
public sealed record ModelCard(string Id, int Dimension, bool HasText);
