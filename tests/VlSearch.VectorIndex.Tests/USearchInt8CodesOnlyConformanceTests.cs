using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Graph search on 8-bit storage ranked by the codes alone (no rescoring copies): coarser scores.</summary>
public sealed class USearchInt8CodesOnlyConformanceTests : USearchConformanceTests
{
    protected override USearchOptions Options => new() { Quantization = USearchQuantization.I8, ExactSearchBelow = 0, ExpansionSearch = ExhaustiveExpansion, RescoreQuantized = false };

    protected override float ScoreTolerance => 0.03f;
}
