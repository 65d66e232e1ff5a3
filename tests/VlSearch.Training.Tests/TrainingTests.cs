using VlSearch.Core;
using VlSearch.Imaging;
using VlSearch.Onnx;
using VlSearch.Training;

namespace VlSearch.Training.Tests;

public class TrainingTests
{
    private static DualEncoderOptions Tiny => new()
    {
        Epochs = 4,
        SamplesPerEpoch = 256,
        BatchSize = 32,
        LearningRate = 5e-3f,
        ValidationSamples = 64,
        TestSamples = 0,
        EmbedDimension = 16,
        ImageChannels1 = 4,
        ImageChannels2 = 8,
        ImageHidden = 16,
        GlobalChannels = 6,
        TokenDimension = 8,
        TextWidth = 12,
        VocabularyCorpus = 2000,
        ModelName = "tiny-test",
    };

    [Fact]
    public void A_short_training_run_reduces_the_contrastive_loss()
    {
        var report = new DualEncoderTrainer(Tiny).Train();
        Assert.Equal(4, report.EpochLosses.Count);
        Assert.True(report.EpochLosses[^1] < report.EpochLosses[0] - 0.05, string.Join(", ", report.EpochLosses));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var options = Tiny with { Epochs = 1 };
        var a = new DualEncoderTrainer(options);
        var b = new DualEncoderTrainer(options);
        a.Train();
        b.Train();
        Assert.Equal(a.Network.Values, b.Network.Values);
    }

    [Fact]
    public void The_word_loss_trains_deterministically_and_moves_the_weights_the_contrastive_loss_alone_reaches()
    {
        var plain = Tiny with { Epochs = 1 };
        var withWords = plain with { WordLossWeight = 2f };
        var a = new DualEncoderTrainer(withWords);
        var b = new DualEncoderTrainer(withWords);
        var c = new DualEncoderTrainer(plain);
        var reportA = a.Train();
        b.Train();
        var reportC = c.Train();
        Assert.Equal(a.Network.Values, b.Network.Values);
        Assert.NotEqual(a.Network.Values, c.Network.Values);
        // The reported loss includes the word terms (two towers, cross-entropy over every caption word).
        Assert.True(reportA.EpochLosses[0] > reportC.EpochLosses[0], $"{reportA.EpochLosses[0]} vs {reportC.EpochLosses[0]}");
    }

    [Fact]
    public void Exported_model_loads_like_a_downloaded_one_and_matches_the_training_forward_pass()
    {
        var trainer = new DualEncoderTrainer(Tiny);
        trainer.Prepare();
        var dir = TestPaths.TempFolder("vlsearch-export");
        try
        {
            trainer.Export(dir);
            Assert.True(File.Exists(Path.Combine(dir, "onnx", "vision_model.onnx")));
            Assert.True(File.Exists(Path.Combine(dir, "onnx", "text_model.onnx")));
            using var model = new OnnxModelLoader(new InferenceOptions { BatchSize = 4 }).Load(dir);
            Assert.Equal(16, model.Dimension);

            var generator = new SceneGenerator(12);
            var scenes = Enumerable.Range(0, 3).Select(i => generator.Generate(SceneSplit.Test, i)).ToList();
            var spec = model.Image.Preprocess;
            var pixels = new float[scenes.Count * spec.TensorLength];
            var preprocessor = new ImagePreprocessor();
            for (var i = 0; i < scenes.Count; i++)
            {
                preprocessor.Preprocess(scenes[i].Image, spec, pixels.AsSpan(i * spec.TensorLength, spec.TensorLength));
            }

            var onnxImages = new float[scenes.Count * model.Dimension];
            model.Image.Encode(pixels, scenes.Count, onnxImages);
            for (var i = 0; i < scenes.Count; i++)
            {
                var expected = trainer.EmbedImage(scenes[i].Image);
                for (var d = 0; d < expected.Length; d++)
                {
                    Assert.Equal(expected[d], onnxImages[(i * model.Dimension) + d], 1e-4);
                }
            }

            // Texts of different lengths in one batch: padding must not change any vector.
            string[] texts = [scenes[0].Caption, "a red circle", scenes[1].Caption + " and more words", "teal"];
            var onnxTexts = model.Text!.Encode(texts);
            var tokenizer = TextTokenizer.Load(dir);
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(trainer.Tokenize(texts[i]), tokenizer.EncodeToIds(texts[i]).Take(32));
                var expected = trainer.EmbedText(texts[i]);
                for (var d = 0; d < expected.Length; d++)
                {
                    Assert.Equal(expected[d], onnxTexts[i][d], 1e-4);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
