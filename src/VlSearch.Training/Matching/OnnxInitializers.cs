using System.Runtime.InteropServices;
using System.Text;

namespace VlSearch.Training.Matching;

/// <summary>
/// Reads the float initializers of an ONNX model (ModelProto.graph = 7, GraphProto.initializer = 5; TensorProto
/// dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9), so a trained model's weights can be reused.
/// </summary>
internal static class OnnxInitializers
{
    private const int FloatType = 1;

    public static Dictionary<string, float[]> ReadFloats(byte[] model) =>
        ReadTensors(model).ToDictionary(t => t.Key, t => t.Value.Values, StringComparer.Ordinal);

    /// <summary>Float initializers by name, with their dimensions.</summary>
    public static Dictionary<string, (float[] Values, long[] Dims)> ReadTensors(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);
        foreach (var (field, graph) in Fields(model))
        {
            if (field != 7)
            {
                continue;
            }

            foreach (var (graphField, tensor) in Fields(graph))
            {
                if (graphField == 5 && ReadTensor(tensor) is var (name, values, dims) && values is not null)
                {
                    result[name] = (values, dims);
                }
            }
        }

        return result;
    }

    private static (string Name, float[]? Values, long[] Dims) ReadTensor(ReadOnlyMemory<byte> tensor)
    {
        var name = "";
        var dims = new List<long>();
        long type = 0;
        float[]? raw = null;
        var packed = new List<float>();
        var reader = new Reader(tensor);
        while (reader.More)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 0):
                    dims.Add(reader.Varint());
                    break;
                case (1, 2):
                    var packedDims = new Reader(reader.Bytes());
                    while (packedDims.More)
                    {
                        dims.Add(packedDims.Varint());
                    }

                    break;
                case (2, 0):
                    type = reader.Varint();
                    break;
                case (8, 2):
                    name = Encoding.UTF8.GetString(reader.Bytes().Span);
                    break;
                case (9, 2):
                    raw = MemoryMarshal.Cast<byte, float>(reader.Bytes().Span).ToArray();
                    break;
                case (4, 2):
                    packed.AddRange(MemoryMarshal.Cast<byte, float>(reader.Bytes().Span).ToArray());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return type == FloatType ? (name, raw ?? [.. packed], [.. dims]) : (name, null, [.. dims]);
    }

    private static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var reader = new Reader(message);
        var items = new List<(int, ReadOnlyMemory<byte>)>();
        while (reader.More)
        {
            var (field, wire) = reader.Tag();
            if (wire == 2)
            {
                items.Add((field, reader.Bytes()));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return items;
    }

    private sealed class Reader(ReadOnlyMemory<byte> data)
    {
        private int _position;

        public bool More => _position < data.Length;

        public (int Field, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public long Varint()
        {
            var span = data.Span;
            long value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = span[_position++];
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new InvalidDataException("A varint in the ONNX file is longer than 10 bytes.");
        }

        public ReadOnlyMemory<byte> Bytes()
        {
            var length = checked((int)Varint());
            var slice = data.Slice(_position, length);
            _position += length;
            return slice;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    _position += 8;
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    _position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire} in the ONNX file.");
            }
        }
    }
}
