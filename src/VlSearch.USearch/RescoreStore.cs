using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace VlSearch.USearch;

/// <summary>
/// Half-precision copies of the vectors of an 8-bit collection, used to re-rank graph candidates. USearch's i8
/// codes keep about two significant digits per component, too coarse to order close neighbours; re-scoring an
/// oversampled candidate list with these copies restores the ranking. Saved vectors are read through a memory
/// map of the committed file (resident only while touched); vectors written since the last flush are kept in
/// memory until the next one.
/// </summary>
internal sealed unsafe class RescoreStore : IDisposable
{
    private static readonly byte[] Magic = "VLSRSC01"u8.ToArray();
    private readonly int _dimension;
    private readonly Dictionary<long, Half[]> _pending = [];
    private Dictionary<long, long> _rows = [];
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _base;
    private long _dataOffset;

    public RescoreStore(int dimension) => _dimension = dimension;

    /// <summary>Maps a saved file; throws <see cref="InvalidDataException"/> when it does not fit.</summary>
    public static RescoreStore Open(string path, int dimension)
    {
        var store = new RescoreStore(dimension);
        try
        {
            store.Map(path);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public bool Contains(long id) => _pending.ContainsKey(id) || _rows.ContainsKey(id);

    public void Put(long id, ReadOnlySpan<float> vector)
    {
        var copy = new Half[_dimension];
        TensorPrimitives.ConvertToHalf(vector, copy);
        _pending[id] = copy;
    }

    public void Remove(long id)
    {
        _pending.Remove(id);
        _rows.Remove(id);
    }

    public bool TryGet(long id, Span<float> destination)
    {
        if (_pending.TryGetValue(id, out var pending))
        {
            TensorPrimitives.ConvertToSingle(pending, destination);
            return true;
        }

        if (_rows.TryGetValue(id, out var row))
        {
            TensorPrimitives.ConvertToSingle(Row(row), destination);
            return true;
        }

        return false;
    }

    /// <summary>Writes the vectors of <paramref name="ids"/> (all of which must be present).</summary>
    public void Write(Stream stream, IReadOnlyCollection<long> ids)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(_dimension);
        writer.Write(ids.Count);
        foreach (var id in ids)
        {
            writer.Write(id);
        }

        writer.Flush();
        var buffer = new Half[_dimension];
        foreach (var id in ids)
        {
            ReadOnlySpan<Half> row = _pending.TryGetValue(id, out var pending) ? pending
                : _rows.TryGetValue(id, out var index) ? Row(index)
                : throw new InvalidOperationException($"No rescoring vector for id {id}.");
            stream.Write(MemoryMarshal.AsBytes(row));
        }
    }

    /// <summary>Switches to a freshly committed file whose rows include everything pending.</summary>
    public void SwitchTo(string path)
    {
        Unmap();
        Map(path);
        _pending.Clear();
    }

    public void Dispose() => Unmap();

    private ReadOnlySpan<Half> Row(long row) =>
        new(_base + _dataOffset + (row * _dimension * sizeof(ushort)), _dimension);

    private void Map(string path)
    {
        var length = new FileInfo(path).Length;
        var headerLength = Magic.Length + sizeof(int) + sizeof(int);
        if (length < headerLength)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is too short");
        }

        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;

        var header = new ReadOnlySpan<byte>(_base, headerLength);
        var dimension = BitConverter.ToInt32(header[Magic.Length..]);
        var count = BitConverter.ToInt32(header[(Magic.Length + sizeof(int))..]);
        if (!header[..Magic.Length].SequenceEqual(Magic) || dimension != _dimension || count < 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a rescoring file of dimension {_dimension}");
        }

        _dataOffset = headerLength + ((long)count * sizeof(long));
        if (length != _dataOffset + ((long)count * _dimension * sizeof(ushort)))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} has {length} bytes, which does not fit {count} rows");
        }

        var ids = new ReadOnlySpan<long>(_base + headerLength, count);
        var rows = new Dictionary<long, long>(count);
        for (var i = 0; i < count; i++)
        {
            rows[ids[i]] = i;
        }

        _rows = rows;
    }

    private void Unmap()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _view = null;
        }

        _map?.Dispose();
        _map = null;
        _base = null;
        _rows = [];
    }
}
