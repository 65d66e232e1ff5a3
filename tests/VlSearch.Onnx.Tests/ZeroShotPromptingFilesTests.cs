using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tests;

/// <summary>A model folder's zero-shot side files reach the loaded text tower.</summary>
public class ZeroShotPromptingFilesTests
{
    [Fact]
    public void A_loaded_model_declares_the_words_and_templates_of_its_folder_and_nothing_without_them()
    {
        var clip = new TinyClip(seed: 21);
        using var plain = new TempDirectory();
        using var declared = new TempDirectory();
        ClipModelDirectory.Write(plain.Dir, clip.Export("plain", OnnxElementType.Int64, true), ClipModelLayout.HuggingFace);
        ClipModelDirectory.Write(declared.Dir, clip.Export("declared", OnnxElementType.Int64, true), ClipModelLayout.HuggingFace);
        ZeroShotPromptingFiles.Write(declared.Dir, ["Dog", "cat", "photo", "of", "a"], ["a photo of a {}", "a {}"]);

        using var open = OnnxClipModel.Load(plain.Dir);
        using var closed = OnnxClipModel.Load(declared.Dir);

        Assert.Same(ZeroShotPrompting.None, open.Text!.Prompting);
        Assert.Equal(["a", "cat", "dog", "of", "photo"], closed.Text!.Prompting.KnownWords!.Order(StringComparer.Ordinal));
        Assert.Equal(["a photo of a {}", "a {}"], closed.Text.Prompting.Templates);
        Assert.True(closed.Text.Prompting.Knows("Dog"));
        Assert.False(closed.Text.Prompting.Knows("dog bed"));
    }

    [Fact]
    public void A_template_file_with_a_template_lacking_the_label_slot_fails_the_load_with_a_clear_error()
    {
        var clip = new TinyClip(seed: 22);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("bad", OnnxElementType.Int64, true), ClipModelLayout.HuggingFace);
        File.WriteAllText(Path.Combine(temp.Dir, ZeroShotPromptingFiles.TemplatesFile), "a photo of a {}\na photo\n");

        var error = Assert.Throws<ModelLoadException>(() => OnnxClipModel.Load(temp.Dir));

        Assert.Contains("\"a photo\"", error.Message, StringComparison.Ordinal);
    }
}
