using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Testing;

/// <summary>
/// Writes a small CLIP-format model with random weights in the Hugging Face layout. Its vectors mean nothing, but
/// identical images get identical vectors, which is all the indexing tests need; it loads through the same code path
/// as downloaded models.
/// </summary>
public static class RandomClipModel
{
    public static string Write(string directory, string name = "random-clip", int dimension = 32, int seed = 3)
    {
        var random = new Random(seed);
        var vocabulary = ClipVocabulary.Build([]);

        // Vision: 7×7 average colours of the 224×224 input, projected to the embedding.
        var vision = new OnnxGraphBuilder("vision");
        vision.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, 224, 224);
        vision.AddOutput("image_embeds", OnnxElementType.Float, "batch", dimension);
        vision.AddInitializer("w", Weights(random, 147 * dimension), 147, dimension);
        vision.AddNode("AveragePool", ["pixel_values"], ["pooled"], OnnxAttribute.Ints("kernel_shape", 32, 32), OnnxAttribute.Ints("strides", 32, 32));
        vision.AddNode("Flatten", ["pooled"], ["flat"], OnnxAttribute.Int("axis", 1));
        vision.AddNode("MatMul", ["flat", "w"], ["image_embeds"]);

        // Text: mean of token embeddings.
        var text = new OnnxGraphBuilder("text");
        text.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        text.AddOutput("text_embeds", OnnxElementType.Float, "batch", dimension);
        text.AddInitializer("e", Weights(random, vocabulary.Count * dimension), vocabulary.Count, dimension);
        text.AddNode("Gather", ["e", "input_ids"], ["tokens"], OnnxAttribute.Int("axis", 0));
        text.AddNode("ReduceMean", ["tokens"], ["text_embeds"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));

        ClipModelDirectory.Write(directory, new ClipModelExport
        {
            Name = name,
            VisionModel = vision.ToBytes(),
            TextModel = text.ToBytes(),
            Vocabulary = vocabulary,
            Merges = [],
            EmbedDimension = dimension,
            ContextLength = 16,
            Preprocess = new PreprocessSpec(),
        }, ClipModelLayout.HuggingFace);
        return directory;
    }

    private static float[] Weights(Random random, int count)
    {
        var weights = new float[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return weights;
    }
}
