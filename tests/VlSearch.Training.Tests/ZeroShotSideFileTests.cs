using VlSearch.Onnx;
using VlSearch.Training;

namespace VlSearch.Training.Tests;

/// <summary>The zero-shot side files of a trained model folder: the words of its captions and its prompt templates.</summary>
public class ZeroShotSideFileTests
{
    [Fact]
    public void The_shipped_model_declares_exactly_the_words_of_its_training_captions_and_the_caption_style_templates()
    {
        // The shipped model's options are the defaults; preparing (no training) learns the same corpus and words.
        var trainer = new DualEncoderTrainer(new DualEncoderOptions());
        trainer.Prepare();

        using var model = new OnnxModelLoader().Load(TestPaths.ShippedModel);
        var prompting = model.Text!.Prompting;

        Assert.NotNull(prompting.KnownWords);
        Assert.Equal(trainer.KnownWords.Order(StringComparer.Ordinal), prompting.KnownWords!.Order(StringComparer.Ordinal));
        Assert.Contains("circle", prompting.KnownWords!);
        Assert.DoesNotContain("dog", prompting.KnownWords!);
        Assert.Equal(SceneTemplates.ZeroShot, prompting.Templates);
    }

    [Fact]
    public void An_export_writes_the_side_files_and_keeps_the_onnx_graphs_byte_identical()
    {
        var options = new DualEncoderOptions { EmbedDimension = 16, ImageChannels1 = 4, ImageChannels2 = 8, ImageHidden = 16, TokenDimension = 8, TextWidth = 12, VocabularyCorpus = 500, ModelName = "side-files" };
        var a = new DualEncoderTrainer(options);
        var b = new DualEncoderTrainer(options);
        a.Prepare();
        b.Prepare();
        var first = TestPaths.TempFolder("vlsearch-side-a");
        var second = TestPaths.TempFolder("vlsearch-side-b");
        try
        {
            a.Export(first);
            b.Export(second);

            foreach (var file in Directory.GetFiles(first, "*", SearchOption.AllDirectories))
            {
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second, Path.GetRelativePath(first, file))));
            }

            var read = ZeroShotPromptingFiles.Read(first);
            Assert.Equal(a.KnownWords.Order(StringComparer.Ordinal), read.KnownWords!.Order(StringComparer.Ordinal));
            Assert.Equal(SceneTemplates.ZeroShot, read.Templates);
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public void A_model_folder_without_side_files_declares_nothing_and_a_template_without_a_slot_is_refused()
    {
        var dir = TestPaths.TempFolder("vlsearch-side-none");
        try
        {
            var none = ZeroShotPromptingFiles.Read(dir);
            Assert.Null(none.KnownWords);
            Assert.Null(none.Templates);

            File.WriteAllText(Path.Combine(dir, ZeroShotPromptingFiles.TemplatesFile), "# header\na photo of a {}\na photo\n");
            var error = Assert.Throws<VlSearch.Core.ModelLoadException>(() => ZeroShotPromptingFiles.Read(dir));
            Assert.Contains("a photo", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
