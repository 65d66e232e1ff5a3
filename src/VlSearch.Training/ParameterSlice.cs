namespace VlSearch.Training;

/// <summary>A named tensor inside the flat parameter (or gradient) array.</summary>
internal sealed record ParameterSlice(string Name, int Offset, int Length, int[] Shape)
{
    public Span<float> Of(Span<float> buffer) => buffer.Slice(Offset, Length);

    public Span<float> Of(float[] buffer) => buffer.AsSpan(Offset, Length);

    public long[] Dims => [.. Shape.Select(d => (long)d)];
}
