namespace VlSearch.Onnx.Matching;

/// <summary>The sizes of a random-weight model in the split BLIP-ITM layout written by <see cref="BlipItmModelWriter"/>.</summary>
public sealed record BlipItmSizes
{
    /// <summary>
    /// BLIP-ITM-base (Salesforce/blip-itm-base-coco): ViT-B/16 at 384 × 384 (577 feature tokens of 768) and a
    /// 12-layer BERT-base text encoder with cross-attention to the image in every layer; 30,524 tokens.
    /// </summary>
    public static BlipItmSizes Base { get; } = new()
    {
        ImageSize = 384,
        PatchSize = 16,
        VisionWidth = 768,
        VisionLayers = 12,
        VisionHeads = 12,
        VisionIntermediate = 3072,
        TextWidth = 768,
        TextLayers = 12,
        TextHeads = 12,
        TextIntermediate = 3072,
        VocabSize = 30524,
        MaxPositions = 512,
    };

    /// <summary>A few kilobytes of the same architecture, for tests: 16 × 16 pixels in 4 × 4 patches, widths 8 and 12.</summary>
    public static BlipItmSizes Tiny { get; } = new()
    {
        ImageSize = 16,
        PatchSize = 8,
        VisionWidth = 8,
        VisionLayers = 1,
        VisionHeads = 2,
        VisionIntermediate = 16,
        TextWidth = 12,
        TextLayers = 2,
        TextHeads = 3,
        TextIntermediate = 24,
        VocabSize = 64,
        MaxPositions = 40,
    };

    public int ImageSize { get; init; }

    public int PatchSize { get; init; }

    public int VisionWidth { get; init; }

    public int VisionLayers { get; init; }

    public int VisionHeads { get; init; }

    public int VisionIntermediate { get; init; }

    public int TextWidth { get; init; }

    public int TextLayers { get; init; }

    public int TextHeads { get; init; }

    public int TextIntermediate { get; init; }

    /// <summary>Rows of the word embedding; the written vocabulary ends with [DEC] and [ENC] as BLIP's does.</summary>
    public int VocabSize { get; init; }

    /// <summary>Rows of the text position embedding.</summary>
    public int MaxPositions { get; init; }

    /// <summary>Ids per text (BLIP: 35).</summary>
    public int MaxTextLength { get; init; } = 35;

    /// <summary>Feature tokens per image: one per patch plus the class token.</summary>
    public int FeatureTokens => ((ImageSize / PatchSize) * (ImageSize / PatchSize)) + 1;
}
