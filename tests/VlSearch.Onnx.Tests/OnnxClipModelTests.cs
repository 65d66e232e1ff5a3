using VlSearch.Core;

namespace VlSearch.Onnx.Tests;

public sealed class OnnxClipModelTests
{
    private static readonly string[] Texts = ["a photo of a dog", "a cat", "", "photo of a photo of a dog dog cat"];

    private static float[] RandomPixels(int seed, PreprocessSpec spec, int count) =>
        TinyClip.Floats(new Random(seed), spec.TensorLength * count);

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Theory]
    [InlineData(OnnxElementType.Int64, true)]
    [InlineData(OnnxElementType.Int64, false)]
    [InlineData(OnnxElementType.Int32, true)]
    [InlineData(OnnxElementType.Int32, false)]
    public void Hugging_face_text_tower_matches_the_reference_computation(OnnxElementType idType, bool withMask)
    {
        var clip = new TinyClip(seed: 11);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny", idType, withMask), ClipModelLayout.HuggingFace);

        using var model = OnnxClipModel.Load(temp.Dir, new InferenceOptions { BatchSize = 3 });
        var vectors = model.Text!.Encode(Texts);

        Assert.Equal(ClipModelLayout.HuggingFace, model.Layout);
        Assert.Equal(TinyClip.Dim, model.Dimension);
        for (var i = 0; i < Texts.Length; i++)
        {
            var ids = new long[77];
            var length = model.Tokenizer!.EncodePadded(Texts[i], ids, default);
            Assert.Equal(49407 - 49408 + clip.Vocabulary.Count, ids[^1]);
            AssertClose(clip.ExpectedText(ids, withMask, length), vectors[i]);
        }
    }

    [Fact]
    public void Vectors_are_unit_length_though_the_graphs_do_not_normalize()
    {
        var clip = new TinyClip(seed: 12);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        using var model = OnnxClipModel.Load(temp.Dir);

        var pixels = RandomPixels(1, clip.Spec, 2);
        var images = new float[2 * model.Dimension];
        model.Image.Encode(pixels, 2, images);
        var texts = model.Text!.Encode(Texts);

        Assert.All(texts, v => Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(v), 1e-5f));
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(images.AsSpan(0, model.Dimension)), 1e-5f);
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(images.AsSpan(model.Dimension)), 1e-5f);
    }

    [Fact]
    public void A_text_gets_the_same_vector_whatever_the_batch_size()
    {
        var clip = new TinyClip(seed: 13);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        using var batched = OnnxClipModel.Load(temp.Dir, new InferenceOptions { BatchSize = 3 });
        using var single = OnnxClipModel.Load(temp.Dir, new InferenceOptions { BatchSize = 1 });

        var together = batched.Text!.Encode(Texts);
        var alone = Texts.Select(t => single.Text!.Encode([t])[0]).ToList();

        for (var i = 0; i < Texts.Length; i++)
        {
            AssertClose(alone[i], together[i], 1e-6f);
        }
    }

    [Fact]
    public void Open_clip_layout_with_a_batch_one_vision_graph_encodes_three_images_like_three_singles()
    {
        var clip = new TinyClip(seed: 14);
        using var temp = new TempDirectory("ViT-Tiny__test");
        ClipModelDirectory.Write(temp.Dir, clip.ExportOpenClip("ViT-Tiny__test"), ClipModelLayout.OpenClip);

        using var model = OnnxClipModel.Load(temp.Dir, new InferenceOptions { BatchSize = 8 });
        var pixels = RandomPixels(2, clip.Spec, 3);
        var batch = new float[3 * model.Dimension];
        model.Image.Encode(pixels, 3, batch);

        Assert.Equal(ClipModelLayout.OpenClip, model.Layout);
        Assert.Equal(0, model.Tokenizer!.PadId);
        for (var i = 0; i < 3; i++)
        {
            var image = pixels.AsSpan(i * clip.Spec.TensorLength, clip.Spec.TensorLength);
            var one = new float[model.Dimension];
            model.Image.Encode(image, 1, one);
            AssertClose(one, batch.AsSpan(i * model.Dimension, model.Dimension), 1e-6f);
            AssertClose(clip.ExpectedImage(image), one);
        }
    }

    [Fact]
    public void Open_clip_text_tower_takes_int32_ids_padded_with_zero()
    {
        var clip = new TinyClip(seed: 15);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.ExportOpenClip("tiny"), ClipModelLayout.OpenClip);
        using var model = OnnxClipModel.Load(temp.Dir);

        var vectors = model.Text!.Encode(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            var ids = model.Tokenizer!.EncodePadded(Texts[i]);
            Assert.Equal(0, ids[^1]);
            AssertClose(clip.ExpectedText(ids, withMask: false, 0), vectors[i]);
        }
    }

    [Fact]
    public void Hugging_face_single_graph_with_both_towers_runs_each_tower()
    {
        var clip = new TinyClip(seed: 16);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        File.Delete(Path.Combine(temp.Dir, "onnx", "vision_model.onnx"));
        File.Delete(Path.Combine(temp.Dir, "onnx", "text_model.onnx"));
        File.WriteAllBytes(Path.Combine(temp.Dir, "onnx", "model.onnx"), clip.CombinedGraph());

        using var model = OnnxClipModel.Load(temp.Dir, new InferenceOptions { BatchSize = 2 });
        var pixels = RandomPixels(3, clip.Spec, 3);
        var images = new float[3 * model.Dimension];
        model.Image.Encode(pixels, 3, images);
        var texts = model.Text!.Encode(Texts);

        for (var i = 0; i < 3; i++)
        {
            AssertClose(clip.ExpectedImage(pixels.AsSpan(i * clip.Spec.TensorLength, clip.Spec.TensorLength)), images.AsSpan(i * model.Dimension, model.Dimension));
        }

        for (var i = 0; i < Texts.Length; i++)
        {
            var ids = new long[77];
            var length = model.Tokenizer!.EncodePadded(Texts[i], ids, default);
            AssertClose(clip.ExpectedText(ids, withMask: true, length), texts[i]);
        }
    }

    [Fact]
    public void Variant_option_picks_the_quantized_files()
    {
        var clip = new TinyClip(seed: 17);
        var other = new TinyClip(seed: 18);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        File.WriteAllBytes(Path.Combine(temp.Dir, "onnx", "vision_model_quantized.onnx"), other.VisionGraph());
        File.WriteAllBytes(Path.Combine(temp.Dir, "onnx", "text_model_quantized.onnx"), other.TextGraph(OnnxElementType.Int64, true));

        using var model = OnnxClipModel.Load(temp.Dir, new InferenceOptions { Variant = "quantized" });
        var pixels = RandomPixels(4, clip.Spec, 1);
        var image = new float[model.Dimension];
        model.Image.Encode(pixels, 1, image);

        AssertClose(other.ExpectedImage(pixels), image);
        var unquantized = clip.ExpectedImage(pixels);
        Assert.True(unquantized.Zip(image).Max(p => MathF.Abs(p.First - p.Second)) > 1e-3f);
    }

    [Theory]
    [InlineData(ClipModelLayout.HuggingFace, "preprocessor_config.json")]
    [InlineData(ClipModelLayout.HuggingFace, "onnx/text_model.onnx")]
    [InlineData(ClipModelLayout.HuggingFace, "tokenizer.json")]
    [InlineData(ClipModelLayout.OpenClip, "visual/preprocess_cfg.json")]
    [InlineData(ClipModelLayout.OpenClip, "visual/model.onnx")]
    [InlineData(ClipModelLayout.OpenClip, "textual/model.onnx")]
    [InlineData(ClipModelLayout.OpenClip, "textual/tokenizer.json")]
    public void A_missing_file_is_named_in_the_error(ClipModelLayout layout, string file)
    {
        var clip = new TinyClip(seed: 19);
        using var temp = new TempDirectory();
        var export = layout == ClipModelLayout.OpenClip ? clip.ExportOpenClip("tiny") : clip.Export("tiny");
        ClipModelDirectory.Write(temp.Dir, export, layout);
        File.Delete(Path.Combine(temp.Dir, file));
        if (file == "tokenizer.json")
        {
            // vocab.json + merges.txt would still do; without them the tokenizer is really missing.
            File.Delete(Path.Combine(temp.Dir, "vocab.json"));
        }

        var error = Assert.Throws<ModelLoadException>(() => new OnnxModelLoader().Load(temp.Dir).Dispose());

        var named = file == "tokenizer.json" || file == "textual/tokenizer.json" ? "tokenizer.json" : Path.GetFileName(file);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_variant_file_is_named_in_the_error()
    {
        var clip = new TinyClip(seed: 20);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);

        var error = Assert.Throws<ModelLoadException>(() => OnnxClipModel.Load(temp.Dir, new InferenceOptions { Variant = "fp16" }));

        Assert.Contains("vision_model_fp16.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_models_and_an_absent_folder_are_reported()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Dir, "config.json"), "{}");

        var empty = Assert.Throws<ModelLoadException>(() => new OnnxModelLoader().Load(temp.Dir));
        var absent = Assert.Throws<ModelLoadException>(() => new OnnxModelLoader().Load(Path.Combine(temp.Root, "nowhere")));

        Assert.Contains("vision_model.onnx", empty.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", absent.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClipModelLayout.HuggingFace)]
    [InlineData(ClipModelLayout.OpenClip)]
    public void Preprocessing_and_id_survive_the_round_trip_through_the_model_directory(ClipModelLayout layout)
    {
        var spec = new PreprocessSpec
        {
            ResizeTo = 20,
            CropHeight = 20,
            CropWidth = 20,
            Mode = ResizeMode.Squash,
            CenterCrop = false,
            Mean = [0.5f, 0.25f, 0.125f],
            Std = [0.2f, 0.3f, 0.4f],
        };
        var clip = new TinyClip(seed: 21, spec);
        using var temp = new TempDirectory("folder-name");
        ClipModelDirectory.Write(temp.Dir, layout == ClipModelLayout.OpenClip ? clip.ExportOpenClip("org/tiny-clip") : clip.Export("org/tiny-clip"), layout);

        using var model = OnnxClipModel.Load(temp.Dir);

        Assert.Equal("org/tiny-clip", model.Id);
        Assert.Equal(spec.ResizeTo, model.Image.Preprocess.ResizeTo);
        Assert.Equal(spec.CropHeight, model.Image.Preprocess.CropHeight);
        Assert.Equal(spec.CropWidth, model.Image.Preprocess.CropWidth);
        Assert.Equal(ResizeMode.Squash, model.Image.Preprocess.Mode);
        Assert.False(model.Image.Preprocess.CenterCrop);
        Assert.Equal(spec.Mean, model.Image.Preprocess.Mean);
        Assert.Equal(spec.Std, model.Image.Preprocess.Std);
        Assert.Equal(spec.RescaleFactor, model.Image.Preprocess.RescaleFactor, 1e-7f);
        Assert.Equal(layout == ClipModelLayout.OpenClip ? CenterCropStyle.Torchvision : CenterCropStyle.HuggingFace, model.Image.Preprocess.CropStyle);
    }

    [Fact]
    public void Shortest_edge_preprocessing_with_a_larger_resize_is_read_back()
    {
        var spec = new PreprocessSpec { ResizeTo = 24, CropHeight = 16, CropWidth = 16 };
        var clip = new TinyClip(seed: 22, spec);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        File.Delete(Path.Combine(temp.Dir, "config.json"));

        using var model = OnnxClipModel.Load(temp.Dir);

        Assert.Equal(spec with { Mean = model.Image.Preprocess.Mean, Std = model.Image.Preprocess.Std }, model.Image.Preprocess);
        Assert.Equal("model", model.Id);
    }

    [Fact]
    public void Cuda_request_without_a_gpu_falls_back_to_the_cpu_with_a_warning()
    {
        var clip = new TinyClip(seed: 23);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        var warnings = new List<string>();

        using var model = new OnnxModelLoader(new InferenceOptions { Device = ExecutionDevice.Cuda }, warnings.Add).Load(temp.Dir);
        var vector = model.Text!.Encode(["a dog"])[0];

        Assert.NotEmpty(warnings);
        Assert.Contains(warnings, w => w.Contains("CPU", StringComparison.Ordinal));
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(vector), 1e-5f);

        // Running on the CPU after all, indexing spreads its encoder calls over the cores as any CPU model does.
        Assert.Equal(Math.Min(Environment.ProcessorCount, 8), model.Image.ConcurrentCalls);
    }

    [Fact]
    public void Fp16_variant_takes_half_precision_pixels_and_returns_half_precision_vectors()
    {
        var clip = new TinyClip(seed: 24);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        File.WriteAllBytes(Path.Combine(temp.Dir, "onnx", "vision_model_fp16.onnx"), clip.VisionGraph(half: true));
        File.WriteAllBytes(Path.Combine(temp.Dir, "onnx", "text_model_fp16.onnx"), clip.TextGraph(OnnxElementType.Int64, withMask: true));

        using var model = OnnxClipModel.Load(temp.Dir, new InferenceOptions { Variant = "fp16" });
        var pixels = RandomPixels(5, clip.Spec, 2);
        var vectors = new float[2 * model.Dimension];
        model.Image.Encode(pixels, 2, vectors);

        for (var i = 0; i < 2; i++)
        {
            // Half precision keeps about three decimal digits.
            AssertClose(clip.ExpectedImage(pixels.AsSpan(i * clip.Spec.TensorLength, clip.Spec.TensorLength)), vectors.AsSpan(i * model.Dimension, model.Dimension), 5e-3f);
        }
    }

    [Fact]
    public void An_unconventionally_named_single_two_dimensional_output_is_the_embedding()
    {
        var clip = new TinyClip(seed: 25);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny") with { VisionModel = clip.VisionGraph("input", "output_0") }, ClipModelLayout.HuggingFace);

        using var model = OnnxClipModel.Load(temp.Dir);
        var pixels = RandomPixels(6, clip.Spec, 1);
        var vector = new float[model.Dimension];
        model.Image.Encode(pixels, 1, vector);

        AssertClose(clip.ExpectedImage(pixels), vector);
    }

    [Fact]
    public void A_text_graph_with_a_fixed_sequence_other_than_the_context_is_rejected()
    {
        var clip = new TinyClip(seed: 26);
        using var temp = new TempDirectory();
        var g = new OnnxGraphBuilder("text");
        g.AddInput("input_ids", OnnxElementType.Int64, "batch", 64);
        g.AddNode("Cast", ["input_ids"], ["text_embeds"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddOutput("text_embeds", OnnxElementType.Float, "batch", 64);
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny") with { TextModel = g.ToBytes() }, ClipModelLayout.HuggingFace);

        var error = Assert.Throws<ModelLoadException>(() => OnnxClipModel.Load(temp.Dir));

        Assert.Contains("64", error.Message, StringComparison.Ordinal);
        Assert.Contains("77", error.Message, StringComparison.Ordinal);
    }
}
