using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Threshold at zero: every unfiltered query walks the HNSW graph; selective filters still go exact.</summary>
public sealed class USearchGraphConformanceTests : USearchConformanceTests
{
    protected override USearchOptions Options => new() { Quantization = USearchQuantization.F16, ExactSearchBelow = 0, ExpansionSearch = ExhaustiveExpansion, Threads = 2 };
}
