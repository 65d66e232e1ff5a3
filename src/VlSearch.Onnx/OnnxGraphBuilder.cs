using System.Runtime.InteropServices;

namespace VlSearch.Onnx;

/// <summary>
/// Builds an ONNX model (IR version 8, default-domain opset 17) without any protobuf dependency: inputs, outputs,
/// initializers and nodes are added in order and <see cref="ToBytes"/> serializes a <c>ModelProto</c>.
/// </summary>
/// <remarks>
/// Nodes must be added in topological order, as ONNX requires. Float and int64 initializers are stored as
/// little-endian <c>raw_data</c>.
/// </remarks>
public sealed class OnnxGraphBuilder
{
    /// <summary>The IR version written into the model.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain opset the model imports.</summary>
    public const long OpsetVersion = 17;

    private readonly string _graphName;
    private readonly string _producer;
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _nodes = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName, string producer = "vlsearch")
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        _graphName = graphName;
        _producer = producer ?? "";
    }

    /// <summary>Declares a graph input. Each dim is an <see cref="int"/>/<see cref="long"/> (fixed) or a <see cref="string"/> (symbolic, e.g. "batch").</summary>
    public void AddInput(string name, OnnxElementType type, params object[] dims)
    {
        Claim(name);
        _inputs.Add(ValueInfo(name, type, dims));
    }

    /// <summary>Declares a graph output; dims as in <see cref="AddInput"/>.</summary>
    public void AddOutput(string name, OnnxElementType type, params object[] dims)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _outputs.Add(ValueInfo(name, type, dims));
    }

    /// <summary>Adds a constant float tensor of shape <paramref name="dims"/>.</summary>
    public void AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims) =>
        AddRawInitializer(name, OnnxElementType.Float, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>Adds a constant int64 tensor of shape <paramref name="dims"/>.</summary>
    public void AddInitializer(string name, ReadOnlySpan<long> data, params long[] dims) =>
        AddRawInitializer(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>Adds a constant float16 tensor of shape <paramref name="dims"/>.</summary>
    public void AddInitializer(string name, ReadOnlySpan<Half> data, params long[] dims) =>
        AddRawInitializer(name, OnnxElementType.Float16, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>Adds an operator node of the default domain. Nodes are named after their first output.</summary>
    public void AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException($"A {opType} node needs at least one output.", nameof(outputs));
        }

        // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5.
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.WriteStringField(1, input ?? "");
        }

        foreach (var output in outputs)
        {
            Claim(output);
            node.WriteStringField(2, output);
        }

        node.WriteStringField(3, $"{opType}_{_nodes.Count}");
        node.WriteStringField(4, opType);
        foreach (var attribute in attributes ?? [])
        {
            node.WriteMessageField(5, attribute.Encode());
        }

        _nodes.Add(node);
    }

    /// <summary>Serializes the model.</summary>
    public byte[] ToBytes()
    {
        // GraphProto: node=1, name=2, initializer=5, input=11, output=12.
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.WriteMessageField(1, node);
        }

        graph.WriteStringField(2, _graphName);
        foreach (var initializer in _initializers)
        {
            graph.WriteMessageField(5, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.WriteMessageField(11, input);
        }

        foreach (var output in _outputs)
        {
            graph.WriteMessageField(12, output);
        }

        // OperatorSetIdProto: domain=1, version=2; the empty domain is the default ONNX domain.
        var opset = new ProtoWriter();
        opset.WriteStringField(1, "");
        opset.WriteVarintField(2, OpsetVersion);

        // ModelProto: ir_version=1, producer_name=2, producer_version=3, model_version=5, graph=7, opset_import=8.
        var model = new ProtoWriter();
        model.WriteVarintField(1, IrVersion);
        model.WriteStringField(2, _producer);
        model.WriteStringField(3, typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0");
        model.WriteVarintField(5, 1);
        model.WriteMessageField(7, graph);
        model.WriteMessageField(8, opset);
        return model.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/>, creating its directory.</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, ToBytes());
    }

    private void AddRawInitializer(string name, OnnxElementType type, ReadOnlySpan<byte> raw, int count, long[] dims)
    {
        Claim(name);
        dims ??= [];
        long expected = 1;
        foreach (var dim in dims)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Initializer {name} has a negative dimension.", nameof(dims));
            }

            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Initializer {name} has {count} values but its shape [{string.Join(", ", dims)}] holds {expected}.", nameof(dims));
        }

        // TensorProto: dims=1, data_type=2, name=8, raw_data=9 (always little-endian).
        var tensor = new ProtoWriter();
        if (dims.Length > 0)
        {
            tensor.WritePackedInt64Field(1, dims);
        }

        tensor.WriteVarintField(2, (int)type);
        tensor.WriteStringField(8, name);
        if (BitConverter.IsLittleEndian)
        {
            tensor.WriteBytesField(9, raw);
        }
        else
        {
            var copy = raw.ToArray();
            var width = copy.Length / Math.Max(count, 1);
            for (var i = 0; i < copy.Length; i += width)
            {
                copy.AsSpan(i, width).Reverse();
            }

            tensor.WriteBytesField(9, copy);
        }

        _initializers.Add(tensor);
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The name '{name}' is already defined in graph {_graphName}.", nameof(name));
        }
    }

    private static ProtoWriter ValueInfo(string name, OnnxElementType type, object[] dims)
    {
        // TensorShapeProto.Dimension: dim_value=1, dim_param=2.
        var shape = new ProtoWriter();
        foreach (var dim in dims ?? [])
        {
            var dimension = new ProtoWriter();
            switch (dim)
            {
                case int i:
                    dimension.WriteVarintField(1, i);
                    break;
                case long l:
                    dimension.WriteVarintField(1, l);
                    break;
                case string s:
                    dimension.WriteStringField(2, s);
                    break;
                default:
                    throw new ArgumentException($"Dimension of {name} must be an int or a string, got {dim?.GetType().Name ?? "null"}.", nameof(dims));
            }

            shape.WriteMessageField(1, dimension);
        }

        // TypeProto.Tensor: elem_type=1, shape=2; TypeProto: tensor_type=1; ValueInfoProto: name=1, type=2.
        var tensorType = new ProtoWriter();
        tensorType.WriteVarintField(1, (int)type);
        tensorType.WriteMessageField(2, shape);
        var typeProto = new ProtoWriter();
        typeProto.WriteMessageField(1, tensorType);
        var info = new ProtoWriter();
        info.WriteStringField(1, name);
        info.WriteMessageField(2, typeProto);
        return info;
    }
}
