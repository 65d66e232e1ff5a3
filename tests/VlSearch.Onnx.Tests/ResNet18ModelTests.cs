using System.Numerics.Tensors;
using VlSearch.Core;
using VlSearch.Onnx.ResNet18;

namespace VlSearch.Onnx.Tests;

public sealed class ResNet18ModelTests
{
    [Fact]
    public void The_graphs_ship_beside_the_application()
    {
        Assert.True(ResNet18Model.FilesExist(), $"Expected the graphs under {ResNet18Model.DefaultModelDirectory}.");
        Assert.True(new ResNet18BuiltInModel().IsAvailable);
    }

    [Fact]
    public void Vectors_are_unit_length_and_a_batch_matches_images_encoded_one_by_one()
    {
        using var model = ResNet18Model.Load(new InferenceOptions { Threads = 1 });
        var spec = model.Image.Preprocess;
        var random = new Random(5);
        var pixels = Enumerable.Range(0, 3 * spec.TensorLength).Select(_ => (float)random.Next(256)).ToArray();

        var batch = new float[3 * model.Dimension];
        model.Image.Encode(pixels, 3, batch);
        var single = new float[model.Dimension];
        model.Image.Encode(pixels.AsSpan(spec.TensorLength, spec.TensorLength), 1, single);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1f, TensorPrimitives.Norm(batch.AsSpan(i * model.Dimension, model.Dimension)), 1e-4f);
        }

        Assert.Equal(1f, VectorMath.Cosine(single, batch.AsSpan(model.Dimension, model.Dimension)), 1e-5f);
        Assert.True(VectorMath.Cosine(batch.AsSpan(0, model.Dimension), batch.AsSpan(model.Dimension, model.Dimension)) < 0.9999f,
            "Different images must not collapse onto one vector.");
    }

    [Fact]
    public void The_input_is_raw_rgb_at_224_pixels()
    {
        var spec = ResNet18Model.InputSpec;

        Assert.Equal(224, spec.CropWidth);
        Assert.Equal(224, spec.CropHeight);
        Assert.Equal(1f, spec.RescaleFactor);
        Assert.All(spec.Mean, m => Assert.Equal(0f, m));
        Assert.All(spec.Std, s => Assert.Equal(1f, s));
    }

    [Fact]
    public void A_cuda_request_that_falls_back_warns_once_and_runs_both_graphs_on_the_cpu()
    {
        var warnings = new List<string>();

        using var model = ResNet18Model.Load(new InferenceOptions { Device = ExecutionDevice.Cuda, Threads = 1 }, onWarning: warnings.Add);

        // A GPU build on a machine with a usable device keeps CUDA and has nothing to warn about.
        Assert.Equal(model.Device == ExecutionDevice.Cuda ? 0 : 1, warnings.Count);
        var spec = model.Image.Preprocess;
        var vector = new float[model.Dimension];
        var random = new Random(9);
        model.Image.Encode(Enumerable.Range(0, spec.TensorLength).Select(_ => (float)random.Next(256)).ToArray(), 1, vector);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-4f);
    }

    [Fact]
    public void A_folder_without_the_graphs_fails_with_a_model_load_exception()
    {
        var empty = Directory.CreateTempSubdirectory("vlsearch-resnet-");
        try
        {
            var error = Assert.Throws<ModelLoadException>(() => new ResNet18BuiltInModel(empty.FullName).Load(new InferenceOptions()));

            Assert.Contains("ResNet18", error.Message, StringComparison.Ordinal);
            Assert.False(new ResNet18BuiltInModel(empty.FullName).IsAvailable);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
