namespace VlSearch.Training;

/// <summary>Layer sizes of a <see cref="DualEncoderNetwork"/>.</summary>
internal sealed record NetworkShape(
    int Vocabulary, int EmbedDimension, int ImageChannels1, int ImageChannels2, int ImageHidden,
    int TokenDimension, int TextWidth, int ContextLength, int GlobalChannels = 0)
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

    /// <summary>
    /// The optional third convolution (3×3, stride 1) over the second's output whose channels are max-pooled over the
    /// whole image; absent (0 channels) in the shipped model's layout.
    /// </summary>
    public ConvShape Conv3 => new(ImageChannels2, GlobalChannels, Conv2.OutHeight, Conv2.OutWidth, 3, 3, 1, 1, 1);

    /// <summary>Inputs of the image tower's first dense layer: the pooled grid, then the global maxima.</summary>
    public int ImageFeatures => Flattened + GlobalChannels;

    public ConvShape TextConv(int layer, int length) => layer switch
    {
        0 => new(TokenDimension, TextWidth, 1, length, 1, 3, 1, 0, 1, 1),
        1 => new(TextWidth, TextWidth, 1, length, 1, 3, 1, 0, 2, 2),
        _ => new(TextWidth, TextWidth, 1, length, 1, 3, 1, 0, 4, 4),
    };

    public static NetworkShape From(DualEncoderOptions o, int vocabulary) => new(
        vocabulary, o.EmbedDimension, o.ImageChannels1, o.ImageChannels2, o.ImageHidden, o.TokenDimension, o.TextWidth, o.ContextLength, o.GlobalChannels);
}
