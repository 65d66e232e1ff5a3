using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Graph search on 8-bit storage with candidates re-ranked by half-precision copies.</summary>
public sealed class USearchInt8ConformanceTests : USearchConformanceTests
{
    protected override USearchOptions Options => new() { Quantization = USearchQuantization.I8, ExactSearchBelow = 0, ExpansionSearch = ExhaustiveExpansion };
}
