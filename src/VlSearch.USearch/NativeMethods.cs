using System.Runtime.InteropServices;

namespace VlSearch.USearch;

/// <summary>
/// The subset of the USearch C API (<c>c/usearch.h</c>) this project calls. The managed wrapper in the
/// Cloud.Unum.USearch package hides reserve, thread limits, expansion changes and filtered search, and grows
/// capacity one vector at a time, so the index is created and driven through the C API directly; the package
/// still provides the native binaries.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Library = "libusearch_c";

    internal const uint MetricCos = 1;
    internal const uint MetricIp = 2;

    internal const uint ScalarF32 = 1;
    internal const uint ScalarF16 = 3;
    internal const uint ScalarI8 = 4;

    /// <summary>Layout of <c>usearch_init_options_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct InitOptions
    {
        public uint MetricKind;
        public IntPtr Metric;
        public uint Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;

        // Zeroed slack: should a later native build append fields, they read as "default" instead of stack garbage.
        public fixed byte Reserved[64];
    }

    [LibraryImport(Library)]
    internal static partial IntPtr usearch_init(ref InitOptions options, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_free(IntPtr index, out IntPtr error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void usearch_save(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void usearch_load(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_size(IntPtr index, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_capacity(IntPtr index, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_dimensions(IntPtr index, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_memory_usage(IntPtr index, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_expansion_add(IntPtr index, nuint expansion, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_threads_add(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_change_threads_search(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial void usearch_add(IntPtr index, ulong key, float* vector, uint vectorKind, out IntPtr error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool usearch_contains(IntPtr index, ulong key, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_remove(IntPtr index, ulong key, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_get(IntPtr index, ulong key, nuint count, float* vector, uint vectorKind, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_search(
        IntPtr index, float* query, uint queryKind, nuint count, ulong* keys, float* distances, out IntPtr error);

    [LibraryImport(Library)]
    internal static partial nuint usearch_filtered_search(
        IntPtr index,
        float* query,
        uint queryKind,
        nuint count,
        delegate* unmanaged[Cdecl]<ulong, IntPtr, int> filter,
        IntPtr filterState,
        ulong* keys,
        float* distances,
        out IntPtr error);
}
