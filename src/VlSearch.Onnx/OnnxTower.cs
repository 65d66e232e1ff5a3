using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// One ONNX graph and what its metadata says about it: inputs, the embedding output, fixed batch size. The
/// session lives as long as the model; <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, so encoders share it.
/// </summary>
internal sealed class OnnxTower : IDisposable
{
    private readonly bool _ownsSession;

    public OnnxTower(InferenceSession session, string path, bool ownsSession = true)
    {
        Session = session;
        Path = path;
        _ownsSession = ownsSession;
        Inputs = session.InputMetadata;
        Outputs = session.OutputMetadata;
    }

    public InferenceSession Session { get; }

    /// <summary>Where the session runs.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>Forces runs through an <see cref="OrtIoBinding"/> (true) or a plain run (false); null: binding on CUDA only.</summary>
    internal bool? IoBinding { get; init; }

    /// <summary>
    /// Whether runs bind their inputs and output up front: on a GPU the inputs are copied to the device and the output
    /// allocated once by the binding instead of inside every run; on the CPU a plain run costs the same.
    /// </summary>
    public bool UsesIoBinding => IoBinding ?? Device == ExecutionDevice.Cuda;

    public string Path { get; }

    public IReadOnlyDictionary<string, NodeMetadata> Inputs { get; }

    public IReadOnlyDictionary<string, NodeMetadata> Outputs { get; }

    /// <summary>The first input whose name is one of <paramref name="names"/> (exact, then substring), or null.</summary>
    public string? FindInput(params string[] names) => Find(Inputs.Keys, names);

    /// <summary>
    /// The embedding output: one of <paramref name="preferred"/> if present, else the only 2-D output.
    /// </summary>
    public string ChooseOutput(params string[] preferred)
    {
        foreach (var name in preferred)
        {
            if (Outputs.ContainsKey(name))
            {
                return name;
            }
        }

        var twoDimensional = Outputs.Where(o => o.Value.IsTensor && o.Value.Dimensions.Length == 2).Select(o => o.Key).ToList();
        if (twoDimensional.Count == 1)
        {
            return twoDimensional[0];
        }

        if (Outputs.Count == 1)
        {
            return Outputs.Keys.First();
        }

        throw new ModelLoadException(
            $"{Path} has no embedding output: expected one of {string.Join(", ", preferred)} or a single 2-D output, found {string.Join(", ", Outputs.Keys)}.");
    }

    /// <summary>The fixed leading (batch) dimension of <paramref name="input"/>, or 0 when it is dynamic.</summary>
    public int FixedBatch(string input)
    {
        var dims = Inputs[input].Dimensions;
        return dims.Length > 0 && dims[0] > 0 ? dims[0] : 0;
    }

    /// <summary>The fixed size of the last dimension of <paramref name="output"/>, or 0 when it is dynamic.</summary>
    public int FixedWidth(string output)
    {
        var dims = Outputs[output].Dimensions;
        return dims.Length > 0 && dims[^1] > 0 ? dims[^1] : 0;
    }

    /// <summary>
    /// Runs the graph and copies the <paramref name="output"/> rows (first <paramref name="rows"/>) into
    /// <paramref name="destination"/>, each L2-normalized. Returns the embedding width.
    /// </summary>
    public int RunEmbedding(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues, string output, int rows, Span<float> destination)
    {
        using var runOptions = new RunOptions();
        if (!UsesIoBinding)
        {
            using var results = Session.Run(runOptions, inputNames, inputValues, [output]);
            return CopyEmbeddings(results[0], output, rows, destination);
        }

        using var binding = Session.CreateIoBinding();
        for (var i = 0; i < inputNames.Count; i++)
        {
            binding.BindInput(inputNames[i], inputValues[i]);
        }

        // The vectors are read on the host, so the output is bound to host memory.
        binding.BindOutputToDevice(output, OrtMemoryInfo.DefaultInstance);
        binding.SynchronizeBoundInputs();
        Session.RunWithBinding(runOptions, binding);
        binding.SynchronizeBoundOutputs();
        using var bound = binding.GetOutputValues();
        return CopyEmbeddings(bound[0], output, rows, destination);
    }

    private int CopyEmbeddings(OrtValue value, string output, int rows, Span<float> destination)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] < rows)
        {
            throw new InvalidOperationException($"{Path} returned {output} of shape [{string.Join(", ", shape)}]; expected [batch, dimension].");
        }

        var width = checked((int)shape[1]);
        if (destination.Length < rows * width)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {rows} vectors of {width} need {rows * width}.", nameof(destination));
        }

        if (value.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16)
        {
            var halves = value.GetTensorDataAsSpan<Float16>();
            for (var i = 0; i < rows * width; i++)
            {
                destination[i] = halves[i].ToFloat();
            }
        }
        else
        {
            value.GetTensorDataAsSpan<float>()[..(rows * width)].CopyTo(destination);
        }

        for (var row = 0; row < rows; row++)
        {
            // Exported graphs differ in whether they normalize; normalizing again is harmless.
            VectorMath.NormalizeInPlace(destination.Slice(row * width, width));
        }

        return width;
    }

    /// <summary>An input tensor over a pooled buffer, converted to the element type the graph declares.</summary>
    public PooledInput CreateInput(string name, ReadOnlySpan<float> data, long[] shape) =>
        Inputs[name].ElementDataType switch
        {
            TensorElementType.Float => PooledInput.From(data, shape, v => v),
            TensorElementType.Float16 => PooledInput.From(data, shape, v => (Float16)v),
            var other => throw new ModelLoadException($"{Path}: input {name} has element type {other}; expected float or float16."),
        };

    /// <summary>An integer input tensor (int64 or int32 as declared).</summary>
    public PooledInput CreateInput(string name, ReadOnlySpan<long> data, long[] shape) =>
        Inputs[name].ElementDataType switch
        {
            TensorElementType.Int64 => PooledInput.From(data, shape, v => v),
            TensorElementType.Int32 => PooledInput.From(data, shape, v => checked((int)v)),
            var other => throw new ModelLoadException($"{Path}: input {name} has element type {other}; expected int64 or int32."),
        };

    public void Dispose()
    {
        if (_ownsSession)
        {
            Session.Dispose();
        }
    }

    private static string? Find(IEnumerable<string> available, string[] names)
    {
        var list = available.ToList();
        foreach (var name in names)
        {
            var exact = list.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                return exact;
            }
        }

        foreach (var name in names)
        {
            var partial = list.FirstOrDefault(n => n.Contains(name, StringComparison.OrdinalIgnoreCase));
            if (partial is not null)
            {
                return partial;
            }
        }

        return null;
    }
}
