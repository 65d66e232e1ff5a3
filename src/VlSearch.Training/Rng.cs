namespace VlSearch.Training;

/// <summary>
/// A small SplitMix64 generator. Used instead of <see cref="Random"/> so that every scene, weight and batch order
/// is a pure function of (seed, stream, index) and can be regenerated independently and in parallel.
/// </summary>
internal struct Rng
{
    private ulong _state;

    public Rng(ulong seed) => _state = seed;

    public Rng(int seed, int stream, long index)
        : this(Mix(Mix(Mix((ulong)(uint)seed) ^ ((ulong)(uint)stream * 0x9E3779B97F4A7C15UL)) ^ (ulong)index))
    {
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)((NextUInt64() >> 33) % (ulong)n);

    /// <summary>Uniform in [lo, hi] inclusive.</summary>
    public int Next(int lo, int hi) => lo + Next(hi - lo + 1);

    /// <summary>Uniform in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    public float NextFloat(float lo, float hi) => lo + ((hi - lo) * NextFloat());

    /// <summary>Standard normal sample (Box–Muller).</summary>
    public float NextGaussian()
    {
        var u1 = Math.Max(NextFloat(), 1e-7f);
        var u2 = NextFloat();
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a over UTF-16 code units; stable across processes (unlike string.GetHashCode).</summary>
    public static ulong Hash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h);
    }
}
