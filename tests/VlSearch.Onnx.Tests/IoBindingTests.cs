using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.Onnx.Tests;

/// <summary>Runs bound through an <see cref="OrtIoBinding"/> (the CUDA path) give what plain runs give.</summary>
public sealed class IoBindingTests
{
    [Fact]
    public void A_run_through_an_io_binding_gives_the_same_vectors_as_a_plain_run()
    {
        var graph = Path.Combine(RepositoryRoot(), "models", "vlsearch-tiny", "onnx", "vision_model.onnx");
        using var session = new InferenceSession(graph);
        using var plain = new OnnxTower(session, graph, ownsSession: false) { IoBinding = false };
        using var bound = new OnnxTower(session, graph, ownsSession: false) { IoBinding = true };
        Assert.True(bound.UsesIoBinding);
        Assert.False(plain.UsesIoBinding);
        Assert.True(new OnnxTower(session, graph, ownsSession: false) { Device = ExecutionDevice.Cuda }.UsesIoBinding);

        const int images = 3;
        var random = new Random(5);
        var pixels = Enumerable.Range(0, images * 3 * 224 * 224).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        using var input = plain.CreateInput("pixel_values", pixels, [images, 3, 224, 224]);
        var expected = new float[images * 64];
        var actual = new float[images * 64];

        Assert.Equal(64, plain.RunEmbedding(["pixel_values"], [input.Value], "image_embeds", images, expected));
        Assert.Equal(64, bound.RunEmbedding(["pixel_values"], [input.Value], "image_embeds", images, actual));

        Assert.Equal(expected, actual);
        Assert.Contains(expected, v => v != 0);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VlSearch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (VlSearch.sln) is not above the test folder.");
    }
}
