using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;
using VlSearch.Onnx.Matching;

namespace VlSearch.Onnx.Tests.Matching;

public sealed class OnnxImageTextMatcherTests
{
    private static float[] Features(int seed, int images, int length)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, images * length).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.3f)];
    }

    [Fact]
    public void Probabilities_are_the_softmax_of_the_itm_logits()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir);
        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);
        var features = Features(1, 3, matcher.FeatureLength);
        var probabilities = new float[3];

        matcher.Match("a red circle", features, 3, probabilities);

        long[] ids = [HandItm.Id("[ENC]"), HandItm.Id("a"), HandItm.Id("red"), HandItm.Id("circle"), HandItm.Id("[SEP]")];
        long[] mask = [1, 1, 1, 1, 1];
        for (var i = 0; i < 3; i++)
        {
            var expected = HandItm.Expected(ids, mask, features.AsSpan(i * matcher.FeatureLength, matcher.FeatureLength));
            Assert.InRange(probabilities[i], 0f, 1f);
            Assert.Equal(expected, probabilities[i], 5);
        }

        Assert.NotEqual(probabilities[0], probabilities[1]);
    }

    [Fact]
    public void The_loader_reads_id_sizes_and_the_blip_pixel_pipeline()
    {
        using var temp = new TempDirectory("folder-name");
        HandItm.Write(temp.Dir);
        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);

        Assert.Equal("hand-itm", matcher.Id);
        Assert.Equal(HandItm.Tokens, matcher.FeatureTokens);
        Assert.Equal(HandItm.Width, matcher.FeatureWidth);
        Assert.Equal(ExecutionDevice.Cpu, matcher.Device);
        Assert.Equal(ResizeMode.Squash, matcher.Preprocess.Mode);
        Assert.False(matcher.Preprocess.CenterCrop);
        Assert.Equal((HandItm.Size, HandItm.Size, HandItm.Size), (matcher.Preprocess.ResizeTo, matcher.Preprocess.CropHeight, matcher.Preprocess.CropWidth));
        Assert.Equal([0.5f, 0.5f, 0.5f], matcher.Preprocess.Mean);
    }

    [Fact]
    public void Without_a_name_in_the_config_the_id_is_the_folder_name()
    {
        using var temp = new TempDirectory("folder-name");
        HandItm.Write(temp.Dir);
        var config = HandItm.Config(null);
        config.Remove("_name_or_path");
        File.WriteAllText(Path.Combine(temp.Dir, "config.json"), config.ToJsonString());

        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);

        Assert.Equal("folder-name", matcher.Id);
    }

    [Fact]
    public void Features_are_the_vision_graph_output()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir);
        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);
        var pixels = Features(2, 5, matcher.Preprocess.TensorLength);
        var features = new float[5 * matcher.FeatureLength];

        matcher.ExtractFeatures(pixels, 5, features);

        // The hand vision graph only reshapes.
        Assert.Equal(pixels, features);
    }

    [Fact]
    public void Far_apart_logits_give_exact_zero_and_one_without_overflow()
    {
        Assert.Equal(1f, OnnxImageTextMatcher.MatchProbability(-1000f, 1000f));
        Assert.Equal(0f, OnnxImageTextMatcher.MatchProbability(1000f, -1000f));
        Assert.Equal(0.5f, OnnxImageTextMatcher.MatchProbability(float.MaxValue, float.MaxValue));
        Assert.Equal(1 / (1 + Math.Exp(-2)), OnnxImageTextMatcher.MatchProbability(-1f, 1f), 6);
    }

    [Fact]
    public void Large_feature_sums_still_give_probabilities_in_range()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir);
        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);
        var features = Enumerable.Repeat(100f, 2 * matcher.FeatureLength).ToArray();
        features.AsSpan(matcher.FeatureLength).Fill(-100f);
        var probabilities = new float[2];

        matcher.Match("a", features, 2, probabilities);

        Assert.Equal([1f, 0f], probabilities);
    }

    [Fact]
    public void More_pairs_than_one_run_give_the_numbers_of_one_by_one()
    {
        using var temp = new TempDirectory();
        BlipItmModelWriter.Write(temp.Dir, BlipItmSizes.Tiny, seed: 3);
        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);
        var count = OnnxImageTextMatcher.PairsPerRun + 37;
        var pixels = Features(4, count, matcher.Preprocess.TensorLength);
        var features = new float[count * matcher.FeatureLength];
        matcher.ExtractFeatures(pixels, count, features);
        var batched = new float[count];

        matcher.Match("a red circle left of a blue square", features, count, batched);

        for (var i = 0; i < count; i++)
        {
            var single = new float[1];
            matcher.Match("a red circle left of a blue square", features.AsSpan(i * matcher.FeatureLength, matcher.FeatureLength), 1, single);
            Assert.InRange(batched[i], 0f, 1f);
            Assert.Equal(single[0], batched[i], 5);
        }

        Assert.True(batched.Distinct().Count() > count / 2, "different images give different probabilities");
    }

    [Fact]
    public void Features_of_a_batch_equal_those_of_one_image_at_a_time()
    {
        using var temp = new TempDirectory();
        BlipItmModelWriter.Write(temp.Dir, BlipItmSizes.Tiny, seed: 5);
        using var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir, new InferenceOptions { BatchSize = 4 });
        var pixels = Features(6, 7, matcher.Preprocess.TensorLength);
        var batched = new float[7 * matcher.FeatureLength];
        matcher.ExtractFeatures(pixels, 7, batched);

        Assert.Equal(BlipItmSizes.Tiny.FeatureTokens, matcher.FeatureTokens);
        Assert.Equal(BlipItmSizes.Tiny.VisionWidth, matcher.FeatureWidth);
        var single = new float[matcher.FeatureLength];
        matcher.ExtractFeatures(pixels.AsSpan(6 * matcher.Preprocess.TensorLength), 1, single);
        for (var i = 0; i < single.Length; i++)
        {
            Assert.Equal(single[i], batched[(6 * matcher.FeatureLength) + i], 5);
        }
    }

    [Fact]
    public void Running_only_the_real_tokens_matches_blip_padding_to_max_text_length()
    {
        using var temp = new TempDirectory();
        BlipItmModelWriter.Write(temp.Dir, BlipItmSizes.Tiny, seed: 7);
        using var matcher = OnnxImageTextMatcherLoader.LoadMatcher(temp.Dir, null, _ => { });
        var features = Features(8, 1, matcher.FeatureLength);
        var probability = new float[1];
        matcher.Match("a blue square", features, 1, probability);

        var length = matcher.MaxTextLength;
        var ids = new long[length];
        var mask = new long[length];
        matcher.Tokenizer.Encode("a blue square", ids, mask);
        using var session = new InferenceSession(Path.Combine(temp.Dir, OnnxImageTextMatcherLoader.TextMatcherFile));
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, length]);
        using var featureValue = OrtValue.CreateTensorValueFromMemory(features, [1, matcher.FeatureTokens, matcher.FeatureWidth]);
        using var imageMask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, matcher.FeatureTokens).ToArray(), [1, matcher.FeatureTokens]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["input_ids", "attention_mask", "image_embeds", "image_attention_mask"],
            [idsValue, maskValue, featureValue, imageMask], ["itm_logits"]);
        var logits = results[0].GetTensorDataAsSpan<float>();

        Assert.Equal(35, length);
        Assert.Equal(OnnxImageTextMatcher.MatchProbability(logits[0], logits[1]), probability[0], 5);
    }

    [Fact]
    public void Nothing_stays_open_after_dispose()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir);
        var matcher = OnnxImageTextMatcherLoader.Load(temp.Dir);
        matcher.Match("a", new float[matcher.FeatureLength], 1, new float[1]);

        matcher.Dispose();

        Assert.Throws<ObjectDisposedException>(() => matcher.Match("a", new float[matcher.FeatureLength], 1, new float[1]));
        Assert.Throws<ObjectDisposedException>(() => matcher.ExtractFeatures(new float[matcher.Preprocess.TensorLength], 1, new float[matcher.FeatureLength]));
        if (Directory.Exists("/proc/self/fd"))
        {
            var open = Directory.GetFiles("/proc/self/fd")
                .Select(LinkTarget)
                .Where(target => target is not null && target.StartsWith(temp.Dir, StringComparison.Ordinal))
                .ToList();
            Assert.Empty(open);
        }

        Directory.Delete(temp.Dir, recursive: true);
        Assert.False(Directory.Exists(temp.Dir));
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            // The descriptor closed while the folder was being listed.
            return null;
        }
    }
}
