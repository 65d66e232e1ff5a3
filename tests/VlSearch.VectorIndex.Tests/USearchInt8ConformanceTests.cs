using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Graph search on 8-bit storage: same answers within the coarser score tolerance.</summary>
public sealed class USearchInt8ConformanceTests : USearchConformanceTests
{
    protected override USearchOptions Options => new() { Quantization = USearchQuantization.I8, ExactSearchBelow = 0 };

    protected override float ScoreTolerance => 0.03f;
}
