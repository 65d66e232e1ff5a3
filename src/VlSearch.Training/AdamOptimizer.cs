namespace VlSearch.Training;

/// <summary>Adam (bias-corrected) over one flat parameter array.</summary>
internal sealed class AdamOptimizer
{
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private int _step;

    public AdamOptimizer(int count, float beta1 = 0.9f, float beta2 = 0.98f, float epsilon = 1e-6f)
    {
        _m = new float[count];
        _v = new float[count];
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        _step++;
        var c1 = 1f - MathF.Pow(_beta1, _step);
        var c2 = 1f - MathF.Pow(_beta2, _step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            _m[i] = (_beta1 * _m[i]) + ((1f - _beta1) * g);
            _v[i] = (_beta2 * _v[i]) + ((1f - _beta2) * g * g);
            parameters[i] -= learningRate * (_m[i] / c1) / (MathF.Sqrt(_v[i] / c2) + _epsilon);
        }
    }
}
