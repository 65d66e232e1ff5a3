using VlSearch.Core.Tagging;

namespace VlSearch.Core;

/// <summary>The text tower of an embedding model.</summary>
public interface ITextEncoder
{
    /// <summary>Length of every vector this encoder returns.</summary>
    int Dimension { get; }

    /// <summary>Embeds each text into one L2-normalized vector.</summary>
    float[][] Encode(IReadOnlyList<string> texts);

    /// <summary>The words and prompt templates the tower declares for zero-shot tagging; none by default.</summary>
    ZeroShotPrompting Prompting => ZeroShotPrompting.None;
}
