namespace VlSearch.Onnx;

/// <summary>The piece types of a SentencePiece <c>ModelProto</c>, with their wire values.</summary>
public enum SentencePieceType
{
    /// <summary>An ordinary piece the segmentation may use.</summary>
    Normal = 1,

    /// <summary>The unknown piece.</summary>
    Unknown = 2,

    /// <summary>A control symbol such as &lt;s&gt;, &lt;/s&gt; or &lt;pad&gt;: never produced from text.</summary>
    Control = 3,

    /// <summary>A piece always kept whole.</summary>
    UserDefined = 4,

    /// <summary>A reserved, unused id.</summary>
    Unused = 5,

    /// <summary>A byte-fallback piece such as &lt;0x41&gt;.</summary>
    Byte = 6,
}
