using System.Numerics.Tensors;
using VlSearch.Core;
using VlSearch.Search;

namespace VlSearch.Cli.Commands;

/// <summary>Vectors for benchmark collections that cluster like a real library's, without decoding a library.</summary>
internal static class SyntheticVectors
{
    /// <summary>Real image embeddings when a folder is given (photos cluster like real libraries do), else random cluster centres.</summary>
    public static (List<float[]> Seeds, string Kind) Seeds(PhotoSearch search, IEmbeddingModel model, string? photos, Random random, CancellationToken cancellationToken)
    {
        var seeds = new List<float[]>();
        if (photos is not null)
        {
            foreach (var file in Directory.EnumerateFiles(photos).Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).Order().Take(256))
            {
                seeds.Add(search.EmbedImage(model, file, cancellationToken));
            }
        }

        if (seeds.Count > 0)
        {
            return (seeds, $"{seeds.Count} image embeddings, jittered");
        }

        for (var i = 0; i < 256; i++)
        {
            var centre = new float[model.Dimension];
            for (var j = 0; j < centre.Length; j++)
            {
                centre[j] = (float)Gaussian(random);
            }

            seeds.Add(centre);
        }

        return (seeds, "256 random cluster centres, jittered");
    }

    /// <summary>A unit vector near <paramref name="seed"/>.</summary>
    public static float[] Jitter(float[] seed, Random random)
    {
        var vector = new float[seed.Length];
        var scale = TensorPrimitives.Norm(seed) * 0.35f / MathF.Sqrt(seed.Length);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = seed[i] + (scale * (float)Gaussian(random));
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
