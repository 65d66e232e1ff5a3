using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Collections below the threshold: exact search over the stored vectors.</summary>
public sealed class USearchExactConformanceTests : USearchConformanceTests
{
    protected override USearchOptions Options => new() { Quantization = USearchQuantization.F32 };
}
