using VlSearch.Core;

namespace VlSearch.Cli.Commands;

/// <summary>
/// Stands in for a model in a keyword-only search, which embeds nothing: the keyword index needs no model, so none is
/// loaded (or has to be installed).
/// </summary>
internal sealed class KeywordOnlyModel : IEmbeddingModel
{
    public string Id => "keyword-only";

    public int Dimension => 1;

    public IImageEncoder Image => throw new InvalidOperationException("A keyword-only search embeds no image.");

    public ITextEncoder? Text => null;

    public void Dispose()
    {
    }
}
