using VlSearch.Testing;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>The ann-benchmarks file formats, and the benchmark run on data read from them.</summary>
public sealed class TexmexFilesTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void Vectors_and_ids_written_as_fvecs_and_ivecs_read_back_identically()
    {
        var (vectors, queries, _) = IndexBenchmark.Synthetic(300, 16, 20);
        var truth = IndexBenchmark.ExactNeighbours(vectors, queries);
        TexmexFiles.WriteFvecs(temp.File("base.fvecs"), vectors);
        TexmexFiles.WriteIvecs(temp.File("truth.ivecs"), truth);

        var read = TexmexFiles.ReadFvecs(temp.File("base.fvecs"));
        var ids = TexmexFiles.ReadIvecs(temp.File("truth.ivecs"));

        Assert.Equal(vectors.Length, read.Length);
        Assert.All(Enumerable.Range(0, vectors.Length), i => Assert.Equal(vectors[i], read[i]));
        Assert.Equal(truth, ids);
        Assert.Equal(4 * (1 + 16) * 300, new FileInfo(temp.File("base.fvecs")).Length);
        Assert.Equal(50, TexmexFiles.ReadFvecs(temp.File("base.fvecs"), limit: 50).Length);
    }

    [Fact]
    public void The_true_neighbours_come_best_first()
    {
        var (vectors, queries, _) = IndexBenchmark.Synthetic(200, 8, 5);
        var truth = IndexBenchmark.ExactNeighbours(vectors, queries);

        foreach (var (query, ids) in queries.Zip(truth))
        {
            var scores = ids.Select(id => Cosine(vectors[id], query)).ToList();
            Assert.Equal(scores.OrderByDescending(s => s), scores);
        }
    }

    [Theory]
    [InlineData(new byte[] { 3, 0, 0 }, "ends inside a vector header")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 128, 63 }, "ends inside vector 0")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "dimension 0")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 128, 63, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "expected 1")]
    public void A_malformed_file_is_refused_with_where_it_breaks(byte[] bytes, string expected)
    {
        File.WriteAllBytes(temp.File("bad.fvecs"), bytes);

        var error = Assert.Throws<InvalidDataException>(() => TexmexFiles.ReadFvecs(temp.File("bad.fvecs")));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_benchmark_on_files_with_their_exact_truth_finds_the_true_neighbours()
    {
        var (vectors, queries, _) = IndexBenchmark.Synthetic(500, 16, 30);
        var truth = IndexBenchmark.ExactNeighbours(vectors, queries);

        var result = IndexBenchmark.RunOn(vectors, queries, truth, new USearchOptions { Quantization = USearchQuantization.F32, Threads = 1, ExpansionSearch = 500 });

        Assert.True(result.RecallAt10 >= 0.99, $"recall@10 {result.RecallAt10}");
        Assert.Equal(500, result.Count);
        Assert.Equal(0, result.ExactQueriesPerSecond);
    }

    [Fact]
    public void A_truth_file_that_belongs_to_other_queries_is_refused()
    {
        var (vectors, queries, _) = IndexBenchmark.Synthetic(100, 8, 10);

        Assert.Throws<ArgumentException>(() => IndexBenchmark.RunOn(vectors, queries, [[1, 2, 3]], new USearchOptions()));
    }

    public void Dispose() => temp.Dispose();

    private static float Cosine(float[] a, float[] b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}
