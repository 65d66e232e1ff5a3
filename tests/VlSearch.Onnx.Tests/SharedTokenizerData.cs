namespace VlSearch.Onnx.Tests;

/// <summary>Locates <c>../shared/clip-tokenizer</c> next to the repository root (the folder holding VlSearch.sln).</summary>
internal static class SharedTokenizerData
{
    public static string? Folder { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VlSearch.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "clip-tokenizer"));
                return File.Exists(Path.Combine(shared, "vocab.json")) && File.Exists(Path.Combine(shared, "merges.txt"))
                    && File.Exists(Path.Combine(shared, "reference-ids.json"))
                    ? shared
                    : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped, with the reason, when the shared CLIP tokenizer data is not checked out.</summary>
public sealed class ClipTokenizerDataFactAttribute : FactAttribute
{
    public ClipTokenizerDataFactAttribute()
    {
        if (SharedTokenizerData.Folder is null)
        {
            Skip = "../shared/clip-tokenizer (vocab.json, merges.txt, reference-ids.json) is not present next to the repository.";
        }
    }
}
