using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VlSearch.Onnx.Tests;

public sealed class OnnxGraphBuilderTests
{
    private static float[] RandomFloats(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static float[] Run(byte[] model, params NamedOnnxValue[] inputs)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run(inputs);
        return results.First().AsEnumerable<float>().ToArray();
    }

    [Fact]
    public void Gemm_followed_by_relu_matches_a_hand_computed_dense_layer()
    {
        var random = new Random(1);
        const int batch = 3, inFeatures = 5, outFeatures = 4;
        var weights = RandomFloats(random, outFeatures * inFeatures);
        var bias = RandomFloats(random, outFeatures);
        var x = RandomFloats(random, batch * inFeatures);

        var builder = new OnnxGraphBuilder("dense");
        builder.AddInput("x", OnnxElementType.Float, "batch", inFeatures);
        builder.AddInitializer("w", weights, outFeatures, inFeatures);
        builder.AddInitializer("b", bias, outFeatures);
        builder.AddNode("Gemm", ["x", "w", "b"], ["h"], OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 1f));
        builder.AddNode("Relu", ["h"], ["y"]);
        builder.AddOutput("y", OnnxElementType.Float, "batch", outFeatures);

        var actual = Run(builder.ToBytes(), NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x, [batch, inFeatures])));

        Assert.Equal(batch * outFeatures, actual.Length);
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                var sum = bias[o];
                for (var i = 0; i < inFeatures; i++)
                {
                    sum += x[n * inFeatures + i] * weights[o * inFeatures + i];
                }

                Assert.Equal(Math.Max(0f, sum), actual[n * outFeatures + o], 1e-5f);
            }
        }
    }

    [Fact]
    public void Gather_and_reduce_mean_average_the_embeddings_of_int64_ids()
    {
        var random = new Random(2);
        const int vocab = 10, width = 6;
        var table = RandomFloats(random, vocab * width);
        long[] ids = [3, 7, 7, 0, 9, 1];

        var builder = new OnnxGraphBuilder("bag");
        builder.AddInput("ids", OnnxElementType.Int64, "batch", "sequence");
        builder.AddInitializer("table", table, vocab, width);
        builder.AddNode("Gather", ["table", "ids"], ["emb"], OnnxAttribute.Int("axis", 0));
        builder.AddNode("ReduceMean", ["emb"], ["mean"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        builder.AddOutput("mean", OnnxElementType.Float, "batch", width);

        var actual = Run(builder.ToBytes(), NamedOnnxValue.CreateFromTensor("ids", new DenseTensor<long>(ids, [2, 3])));

        for (var row = 0; row < 2; row++)
        {
            for (var d = 0; d < width; d++)
            {
                var expected = Enumerable.Range(0, 3).Average(t => table[ids[row * 3 + t] * width + d]);
                Assert.Equal((float)expected, actual[row * width + d], 1e-5f);
            }
        }
    }

    [Fact]
    public void Average_pool_with_stride_matches_block_means()
    {
        var random = new Random(3);
        var x = RandomFloats(random, 2 * 4 * 6);

        var builder = new OnnxGraphBuilder("pool");
        builder.AddInput("x", OnnxElementType.Float, 1, 2, 4, 6);
        builder.AddNode("AveragePool", ["x"], ["y"], OnnxAttribute.Ints("kernel_shape", 2, 3), OnnxAttribute.Ints("strides", 2, 3));
        builder.AddOutput("y", OnnxElementType.Float, 1, 2, 2, 2);

        var actual = Run(builder.ToBytes(), NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x, [1, 2, 4, 6])));

        Assert.Equal(8, actual.Length);
        for (var c = 0; c < 2; c++)
        {
            for (var oy = 0; oy < 2; oy++)
            {
                for (var ox = 0; ox < 2; ox++)
                {
                    var sum = 0f;
                    for (var ky = 0; ky < 2; ky++)
                    {
                        for (var kx = 0; kx < 3; kx++)
                        {
                            sum += x[c * 24 + (oy * 2 + ky) * 6 + ox * 3 + kx];
                        }
                    }

                    Assert.Equal(sum / 6f, actual[c * 4 + oy * 2 + ox], 1e-5f);
                }
            }
        }
    }

    [Fact]
    public void Lp_normalization_gives_unit_rows()
    {
        var random = new Random(4);
        var x = RandomFloats(random, 3 * 7);

        var builder = new OnnxGraphBuilder("norm");
        builder.AddInput("x", OnnxElementType.Float, "batch", 7);
        builder.AddNode("LpNormalization", ["x"], ["y"], OnnxAttribute.Int("axis", -1), OnnxAttribute.Int("p", 2));
        builder.AddOutput("y", OnnxElementType.Float, "batch", 7);

        var actual = Run(builder.ToBytes(), NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x, [3, 7])));

        for (var row = 0; row < 3; row++)
        {
            var norm = MathF.Sqrt(x.Skip(row * 7).Take(7).Sum(v => v * v));
            for (var d = 0; d < 7; d++)
            {
                Assert.Equal(x[row * 7 + d] / norm, actual[row * 7 + d], 1e-5f);
            }
        }
    }

    [Fact]
    public void Int64_initializer_and_string_attribute_reach_the_runtime()
    {
        var random = new Random(5);
        var x = RandomFloats(random, 2 * 6);

        var builder = new OnnxGraphBuilder("reshape");
        builder.AddInput("x", OnnxElementType.Float, 2, 6);
        builder.AddInitializer("shape", new long[] { 3, 4 }, 2);
        builder.AddInitializer("scale", new[] { 2f, 4f, 6f, 8f }, 4);
        builder.AddNode("Reshape", ["x", "shape"], ["r"]);
        builder.AddNode("Mul", ["r", "scale"], ["m"]);
        builder.AddNode("Pad", ["m", "pads"], ["y"], OnnxAttribute.String("mode", "constant"));
        builder.AddInitializer("pads", new long[] { 0, 0, 0, 1 }, 4);
        builder.AddOutput("y", OnnxElementType.Float, 3, 5);

        using var session = new InferenceSession(builder.ToBytes());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x, [2, 6]))]);
        var y = results.First().AsTensor<float>();

        Assert.Equal([3, 5], y.Dimensions.ToArray());
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(x[i] * (2f * (i % 4 + 1)), y[i / 4, i % 4], 1e-6f);
        }

        Assert.All(Enumerable.Range(0, 3), row => Assert.Equal(0f, y[row, 4]));
    }

    [Fact]
    public void Symbolic_dimensions_are_reported_in_session_metadata()
    {
        var builder = new OnnxGraphBuilder("meta");
        builder.AddInput("input_ids", OnnxElementType.Int32, "batch", 77);
        builder.AddInput("pixels", OnnxElementType.Float16, 1, 3);
        builder.AddNode("Cast", ["input_ids"], ["y"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        builder.AddNode("Cast", ["pixels"], ["z"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        builder.AddOutput("y", OnnxElementType.Float, "batch", 77);
        builder.AddOutput("z", OnnxElementType.Float, 1, 3);

        using var session = new InferenceSession(builder.ToBytes());
        var ids = session.InputMetadata["input_ids"];

        Assert.Equal(typeof(int), ids.ElementType);
        Assert.Equal([-1, 77], ids.Dimensions);
        Assert.Equal("batch", ids.SymbolicDimensions[0]);
        Assert.Equal(typeof(Float16), session.InputMetadata["pixels"].ElementType);
    }

    [Fact]
    public void Duplicate_names_and_mismatched_shapes_are_rejected()
    {
        var builder = new OnnxGraphBuilder("bad");
        builder.AddInput("x", OnnxElementType.Float, 2);

        Assert.Throws<ArgumentException>(() => builder.AddInput("x", OnnxElementType.Float, 2));
        Assert.Throws<ArgumentException>(() => builder.AddInitializer("w", new float[] { 1, 2, 3 }, 2, 2));
        Assert.Throws<ArgumentException>(() => builder.AddInput("y", OnnxElementType.Float, 2.5));
    }

    [Fact]
    public void Save_writes_the_same_bytes_as_to_bytes()
    {
        var builder = new OnnxGraphBuilder("save");
        builder.AddInput("x", OnnxElementType.Float, 1);
        builder.AddNode("Identity", ["x"], ["y"]);
        builder.AddOutput("y", OnnxElementType.Float, 1);
        var path = Path.Combine(Path.GetTempPath(), $"vlsearch-onnx-{Guid.NewGuid():N}", "m.onnx");
        try
        {
            builder.Save(path);
            Assert.Equal(builder.ToBytes(), File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, true);
        }
    }
}
