using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// One native USearch index. Not synchronized: callers hold the collection lock (shared for searches, exclusive
/// for writes) and never run more concurrent adds or searches than the thread limits set here.
/// </summary>
internal sealed unsafe class NativeIndex : IDisposable
{
    private IntPtr _handle;
    private int _threadsAdd;
    private int _threadsSearch;

    private NativeIndex(IntPtr handle, int dimension)
    {
        _handle = handle;
        Dimension = dimension;
    }

    ~NativeIndex() => Free();

    public int Dimension { get; }

    public long Size => (long)Call(NativeMethods.usearch_size(Handle, out var error), error);

    public long Capacity => (long)Call(NativeMethods.usearch_capacity(Handle, out var error), error);

    public long MemoryUsage => (long)Call(NativeMethods.usearch_memory_usage(Handle, out var error), error);

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(NativeIndex));

    public static NativeIndex Create(int dimension, DistanceMetric metric, USearchQuantization quantization, USearchOptions options)
    {
        var init = new NativeMethods.InitOptions
        {
            MetricKind = metric == DistanceMetric.InnerProduct ? NativeMethods.MetricIp : NativeMethods.MetricCos,
            Quantization = ToScalarKind(quantization),
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        var handle = NativeMethods.usearch_init(ref init, out var error);
        Check(error, "create the index");
        var index = new NativeIndex(handle, dimension);
        index.Configure(options);
        return index;
    }

    /// <summary>Loads a saved index; throws <see cref="VectorIndexException"/> when the file is unreadable.</summary>
    public static NativeIndex Load(string path, USearchOptions options)
    {
        // Zeroed options: the file header supplies metric, scalar kind, dimensions and connectivity.
        var init = default(NativeMethods.InitOptions);
        var handle = NativeMethods.usearch_init(ref init, out var error);
        Check(error, "create the index");
        NativeMethods.usearch_load(handle, path, out error);
        if (error != IntPtr.Zero)
        {
            var message = Marshal.PtrToStringUTF8(error);
            NativeMethods.usearch_free(handle, out _);
            throw new VectorIndexException($"USearch could not load {Path.GetFileName(path)}: {message}");
        }

        var dimension = (int)NativeMethods.usearch_dimensions(handle, out error);
        var index = new NativeIndex(handle, dimension);
        index.Configure(options);
        return index;
    }

    /// <summary>Makes room for <paramref name="required"/> vectors in total; grows geometrically.</summary>
    public void EnsureCapacity(long required)
    {
        var capacity = Capacity;
        if (required <= capacity)
        {
            return;
        }

        var target = Math.Max(required, Math.Max(1024, capacity + (capacity / 2)));
        NativeMethods.usearch_reserve(Handle, (nuint)target, out var error);
        Check(error, "reserve memory");

        // Reserving resizes the per-thread contexts to the native default, so the limits are applied again.
        ApplyThreads();
    }

    public void Add(ulong key, ReadOnlySpan<float> vector)
    {
        fixed (float* p = vector)
        {
            NativeMethods.usearch_add(Handle, key, p, NativeMethods.ScalarF32, out var error);
            Check(error, "add a vector");
        }
    }

    public bool Contains(ulong key)
    {
        var found = NativeMethods.usearch_contains(Handle, key, out var error);
        Check(error, "look up a key");
        return found;
    }

    public bool Remove(ulong key) => Call(NativeMethods.usearch_remove(Handle, key, out var error), error) > 0;

    /// <summary>Copies the stored vector (decoded to float) into <paramref name="destination"/>.</summary>
    public bool Get(ulong key, Span<float> destination)
    {
        fixed (float* p = destination)
        {
            return Call(NativeMethods.usearch_get(Handle, key, 1, p, NativeMethods.ScalarF32, out var error), error) > 0;
        }
    }

    public int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
        {
            var found = NativeMethods.usearch_search(Handle, q, NativeMethods.ScalarF32, (nuint)keys.Length, k, d, out var error);
            return (int)Call(found, error);
        }
    }

    /// <summary>Approximate search returning only keys the predicate accepts.</summary>
    public int FilteredSearch(ReadOnlySpan<float> query, Func<ulong, bool> predicate, Span<ulong> keys, Span<float> distances)
    {
        var state = GCHandle.Alloc(predicate);
        try
        {
            fixed (float* q = query)
            fixed (ulong* k = keys)
            fixed (float* d = distances)
            {
                var found = NativeMethods.usearch_filtered_search(
                    Handle, q, NativeMethods.ScalarF32, (nuint)keys.Length, &AcceptKey, GCHandle.ToIntPtr(state), k, d, out var error);
                return (int)Call(found, error);
            }
        }
        finally
        {
            state.Free();
        }
    }

    public void Save(string path)
    {
        NativeMethods.usearch_save(Handle, path, out var error);
        Check(error, "save the index");
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private static uint ToScalarKind(USearchQuantization quantization) => quantization switch
    {
        USearchQuantization.F32 => NativeMethods.ScalarF32,
        USearchQuantization.F16 => NativeMethods.ScalarF16,
        USearchQuantization.I8 => NativeMethods.ScalarI8,
        _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization."),
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int AcceptKey(ulong key, IntPtr state)
    {
        // An exception must never unwind into native code; a failing predicate just rejects the key.
        try
        {
            return ((Func<ulong, bool>)GCHandle.FromIntPtr(state).Target!)(key) ? 1 : 0;
        }
        catch
        {
            return 0;
        }
    }

    private static nuint Call(nuint result, IntPtr error)
    {
        Check(error, "complete the operation");
        return result;
    }

    private static void Check(IntPtr error, string action)
    {
        if (error != IntPtr.Zero)
        {
            throw new VectorIndexException($"USearch could not {action}: {Marshal.PtrToStringUTF8(error)}");
        }
    }

    private void Configure(USearchOptions options)
    {
        // expansion_search is not stored in the file, so it is set after every create and load.
        NativeMethods.usearch_change_expansion_search(Handle, (nuint)options.ExpansionSearch, out var error);
        Check(error, "set expansion_search");
        NativeMethods.usearch_change_expansion_add(Handle, (nuint)options.ExpansionAdd, out error);
        Check(error, "set expansion_add");
        _threadsAdd = options.EffectiveThreads;
        _threadsSearch = options.SearchConcurrency;
        ApplyThreads();
    }

    private void ApplyThreads()
    {
        NativeMethods.usearch_change_threads_add(Handle, (nuint)_threadsAdd, out var error);
        Check(error, "set the add thread limit");
        NativeMethods.usearch_change_threads_search(Handle, (nuint)_threadsSearch, out error);
        Check(error, "set the search thread limit");
    }

    private void Free()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero)
        {
            NativeMethods.usearch_free(handle, out _);
        }
    }
}
