namespace VlSearch.Training;

/// <summary>Geometry of one 2-D convolution (square stride, symmetric padding, optional dilation along width).</summary>
internal readonly record struct ConvShape(
    int InChannels, int OutChannels, int InHeight, int InWidth, int KernelH, int KernelW,
    int Stride, int PadH, int PadW, int DilationW = 1)
{
    public int OutHeight => ((InHeight + (2 * PadH) - KernelH) / Stride) + 1;

    public int OutWidth => ((InWidth + (2 * PadW) - (DilationW * (KernelW - 1)) - 1) / Stride) + 1;

    public int Positions => OutHeight * OutWidth;

    /// <summary>Rows of the unfolded input (im2col): one per (input channel, kernel row, kernel column).</summary>
    public int Patch => InChannels * KernelH * KernelW;

    public int WeightCount => OutChannels * Patch;

    public int InputLength => InChannels * InHeight * InWidth;

    public int OutputLength => OutChannels * Positions;
}
