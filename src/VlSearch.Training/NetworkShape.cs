namespace VlSearch.Training;

/// <summary>Layer sizes of a <see cref="DualEncoderNetwork"/>.</summary>
internal sealed record NetworkShape(
    int Vocabulary, int EmbedDimension, int ImageChannels1, int ImageChannels2, int ImageHidden,
    int TokenDimension, int TextWidth, int ContextLength)
{
    /// <summary>Input pixels are averaged over 4×4 blocks first (an ONNX AveragePool), 224 → 56.</summary>
    public const int InputPool = 4;

    public const int PooledSize = SceneGenerator.ImageSize / InputPool;

    public const int PooledLength = 3 * PooledSize * PooledSize;

    public ConvShape Conv1 => new(3, ImageChannels1, PooledSize, PooledSize, 4, 4, 2, 1, 1);

    public ConvShape Conv2 => new(ImageChannels1, ImageChannels2, Conv1.OutHeight, Conv1.OutWidth, 4, 4, 2, 1, 1);

    /// <summary>Side of the grid after the final 2×2 average pool.</summary>
    public int GridSize => Conv2.OutHeight / 2;

    public int Flattened => ImageChannels2 * GridSize * GridSize;

    public ConvShape TextConv(int layer, int length) => layer switch
    {
        0 => new(TokenDimension, TextWidth, 1, length, 1, 3, 1, 0, 1, 1),
        1 => new(TextWidth, TextWidth, 1, length, 1, 3, 1, 0, 2, 2),
        _ => new(TextWidth, TextWidth, 1, length, 1, 3, 1, 0, 4, 4),
    };

    public static NetworkShape From(DualEncoderOptions o, int vocabulary) => new(
        vocabulary, o.EmbedDimension, o.ImageChannels1, o.ImageChannels2, o.ImageHidden, o.TokenDimension, o.TextWidth, o.ContextLength);
}
