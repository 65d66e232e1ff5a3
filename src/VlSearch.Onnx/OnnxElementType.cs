namespace VlSearch.Onnx;

/// <summary>ONNX tensor element types (the values of <c>TensorProto.DataType</c>) that the graph builder writes.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>IEEE half-precision float.</summary>
    Float16 = 10,
}
