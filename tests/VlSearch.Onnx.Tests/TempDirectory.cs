namespace VlSearch.Onnx.Tests;

/// <summary>A fresh folder under the temp directory holding one model folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string name = "model")
    {
        Root = Path.Combine(Path.GetTempPath(), $"vlsearch-onnx-{Guid.NewGuid():N}");
        Dir = Path.Combine(Root, name);
        Directory.CreateDirectory(Dir);
    }

    public string Root { get; }

    public string Dir { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
        }
    }
}
