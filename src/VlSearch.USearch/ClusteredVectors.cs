using System.Numerics.Tensors;

namespace VlSearch.USearch;

/// <summary>
/// Deterministic synthetic embeddings: Gaussian clusters around random centers in a low-dimensional latent space,
/// mapped into the full dimension by a fixed random linear map, plus a little isotropic noise. Real image
/// embeddings have a low intrinsic dimension; isotropic full-rank clusters would instead make every point of a
/// cluster almost equidistant from every other, a neighbourhood structure no real data set has.
/// </summary>
internal sealed class ClusteredVectors
{
    private const float IsotropicNoise = 0.05f;
    private readonly float[][] _centers;
    private readonly float[] _spreads;
    private readonly float[][] _projection;
    private readonly int _dimension;
    private readonly int _seed;

    public ClusteredVectors(int dimension, int clusters, int latentDimension, int seed)
    {
        _dimension = dimension;
        _seed = seed;
        var random = new Random(seed);
        _centers = new float[clusters][];
        _spreads = new float[clusters];
        for (var c = 0; c < clusters; c++)
        {
            _centers[c] = new float[latentDimension];
            Fill(random, _centers[c], 1f);
            _spreads[c] = 0.35f + (0.5f * (float)random.NextDouble());
        }

        _projection = new float[dimension][];
        var scale = 1f / MathF.Sqrt(latentDimension);
        for (var d = 0; d < dimension; d++)
        {
            _projection[d] = new float[latentDimension];
            Fill(random, _projection[d], scale);
        }
    }

    public int LatentDimension => _centers[0].Length;

    /// <summary>The <paramref name="index"/>-th sample; the same index always yields the same vector.</summary>
    public float[] Sample(int index)
    {
        var random = new Random(HashCode.Combine(_seed, index));
        var cluster = random.Next(_centers.Length);
        var latent = new float[LatentDimension];
        Fill(random, latent, _spreads[cluster]);
        TensorPrimitives.Add(latent, _centers[cluster], latent);

        var vector = new float[_dimension];
        Fill(random, vector, IsotropicNoise);
        for (var d = 0; d < _dimension; d++)
        {
            vector[d] += TensorPrimitives.Dot(_projection[d], latent);
        }

        return vector;
    }

    private static void Fill(Random random, float[] destination, float sigma)
    {
        for (var d = 0; d < destination.Length; d += 2)
        {
            // Box-Muller yields two independent normals per pair of uniforms.
            var radius = sigma * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var angle = 2.0 * Math.PI * random.NextDouble();
            destination[d] = (float)(radius * Math.Cos(angle));
            if (d + 1 < destination.Length)
            {
                destination[d + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }
}
