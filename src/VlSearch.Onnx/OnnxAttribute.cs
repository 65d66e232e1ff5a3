namespace VlSearch.Onnx;

/// <summary>A node attribute (<c>AttributeProto</c>) of one of the scalar or list kinds ONNX operators use.</summary>
public sealed class OnnxAttribute
{
    // AttributeProto.AttributeType values.
    private const int TypeFloat = 1;
    private const int TypeInt = 2;
    private const int TypeString = 3;
    private const int TypeFloats = 6;
    private const int TypeInts = 7;

    private readonly int _type;
    private readonly long _int;
    private readonly float _float;
    private readonly string? _string;
    private readonly long[]? _ints;
    private readonly float[]? _floats;

    private OnnxAttribute(string name, int type, long i = 0, float f = 0, string? s = null, long[]? ints = null, float[]? floats = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _type = type;
        _int = i;
        _float = f;
        _string = s;
        _ints = ints;
        _floats = floats;
    }

    /// <summary>The attribute name, e.g. <c>axis</c>.</summary>
    public string Name { get; }

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt, i: value);

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat, f: value);

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, TypeInts, ints: [.. values]);

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, TypeFloats, floats: [.. values]);

    /// <summary>A string attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value) => new(name, TypeString, s: value);

    internal ProtoWriter Encode()
    {
        // AttributeProto: name=1, f=2, i=3, s=4, floats=7, ints=8, type=20.
        var w = new ProtoWriter();
        w.WriteStringField(1, Name);
        switch (_type)
        {
            case TypeFloat:
                w.WriteFloatField(2, _float);
                break;
            case TypeInt:
                w.WriteVarintField(3, _int);
                break;
            case TypeString:
                w.WriteStringField(4, _string!);
                break;
            case TypeFloats:
                w.WritePackedFloatField(7, _floats!);
                break;
            case TypeInts:
                w.WritePackedInt64Field(8, _ints!);
                break;
        }

        w.WriteVarintField(20, _type);
        return w;
    }
}
