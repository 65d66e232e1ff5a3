using VlSearch.Core;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Deterministic clustered vectors with varied payloads, plus brute-force answers to compare against.</summary>
public sealed class TestData
{
    public static readonly string[] Libraries = ["home", "work", "archive"];
    public static readonly string[] Cameras = ["Canon EOS R5", "Pixel 8", "iPhone 15", "Nikon Z6"];
    public static readonly string[] FileTypes = ["jpeg", "png", "webp"];
    public static readonly DateTime FirstDay = new(2020, 1, 1, 8, 30, 0);

    public TestData(int count, int dimension, int seed = 7, long firstId = 1)
    {
        var random = new Random(seed);
        var centers = Enumerable.Range(0, 8).Select(_ => Gaussian(random, dimension, 1f)).ToArray();
        Records = new VectorRecord[count];
        for (var i = 0; i < count; i++)
        {
            var vector = Gaussian(random, dimension, 0.35f);
            var center = centers[random.Next(centers.Length)];
            for (var d = 0; d < dimension; d++)
            {
                vector[d] += center[d];
            }

            Records[i] = new VectorRecord(firstId + i, vector, PayloadFor(i));
        }
    }

    public VectorRecord[] Records { get; }

    public static PhotoPayload PayloadFor(int i)
    {
        var year = 2020 + (i % 5);
        var tags = new List<string> { i % 2 == 0 ? "even" : "odd" };
        if (i % 3 == 0)
        {
            tags.Add("three");
        }

        if (i % 100 == 7)
        {
            // Exactly 1% of photos carry this tag: the highly selective filter case.
            tags.Add("rare");
        }

        return new PhotoPayload
        {
            Path = $"/photos/{year}/{(i % 4 == 0 ? "trip/" : "")}img_{i:D5}.jpg",
            Library = Libraries[i % Libraries.Length],
            TakenAt = i % 10 == 9 ? null : FirstDay.AddDays(i),
            Camera = i % 11 == 0 ? null : Cameras[i % Cameras.Length],
            FileType = FileTypes[i % FileTypes.Length],
            Tags = tags,
            Caption = i % 5 == 0 ? $"caption {i}" : null,
        };
    }

    public static float[] Gaussian(Random random, int dimension, float sigma)
    {
        var vector = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            // Box-Muller
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            vector[d] = (float)(sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return vector;
    }

    public float[] Query(int seed)
    {
        var random = new Random(seed);
        var basis = Records[random.Next(Records.Length)].Vector;
        var noise = Gaussian(random, basis.Length, 0.5f);
        return basis.Select((v, d) => v + noise[d]).ToArray();
    }

    /// <summary>The true best matches by cosine similarity among records passing the filter.</summary>
    public List<(long Id, float Score)> BruteForce(float[] query, int k, PhotoFilter? filter = null, IEnumerable<VectorRecord>? records = null) =>
        (records ?? Records)
            .Where(r => filter is null || filter.Matches(r.Payload))
            .Select(r => (r.Id, Score: VectorMath.Cosine(query, r.Vector)))
            .OrderByDescending(x => x.Score)
            .Take(k)
            .ToList();
}
