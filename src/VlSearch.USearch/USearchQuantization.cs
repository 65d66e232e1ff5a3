namespace VlSearch.USearch;

/// <summary>How USearch stores vectors: full precision, half precision, or 8-bit integers (4x smaller than f32).</summary>
public enum USearchQuantization
{
    F32,
    F16,
    I8,
}
