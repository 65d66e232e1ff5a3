using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

public sealed class ImagePreprocessorTests
{
    private static readonly PreprocessSpec Clip = new();

    private static readonly PreprocessSpec ResNet = new()
    {
        RescaleFactor = 1f,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    private readonly ImagePreprocessor _preprocessor = new();

    private void AssertMatchesReference(RgbImage image, PreprocessSpec spec)
    {
        var expected = ReferencePreprocessor.Run(image, spec);
        var actual = new float[spec.TensorLength];

        _preprocessor.Preprocess(image, spec, actual);

        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        var worstIndex = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]);
            if (difference > worst)
            {
                worst = difference;
                worstIndex = i;
            }
        }

        Assert.True(worst <= 1e-3, $"value {worstIndex}: expected {(worstIndex < 0 ? 0 : expected[worstIndex])}, got {(worstIndex < 0 ? 0 : actual[worstIndex])}");
    }

    [Theory]
    [InlineData(37, 23)]
    [InlineData(300, 200)]
    [InlineData(224, 224)]
    [InlineData(50, 500)]
    [InlineData(641, 479)]
    public void Shortest_edge_and_center_crop_match_the_reference(int width, int height)
        => AssertMatchesReference(TestImages.RandomRgb(width, height, width * 31 + height), Clip);

    [Theory]
    [InlineData(641, 479, 224, 224, CenterCropStyle.HuggingFace)]
    [InlineData(641, 479, 224, 224, CenterCropStyle.Torchvision)]
    [InlineData(479, 641, 224, 224, CenterCropStyle.Torchvision)]
    [InlineData(120, 91, 200, 223, CenterCropStyle.HuggingFace)]
    [InlineData(120, 91, 200, 223, CenterCropStyle.Torchvision)]
    public void Both_center_crop_conventions_match_the_reference(int width, int height, int resizeTo, int crop, CenterCropStyle style)
        => AssertMatchesReference(
            TestImages.RandomRgb(width, height, (width * 7) + height),
            Clip with { CropStyle = style, ResizeTo = resizeTo, CropHeight = crop, CropWidth = crop });

    [Fact]
    public void The_conventions_place_the_crop_one_pixel_apart_when_the_margin_is_an_odd_number_of_half_pixels()
    {
        // 641 x 479 resizes to 299 x 224: the 75-pixel margin starts the crop at 37 (floor) or 38 (half to even).
        var image = TestImages.RandomRgb(641, 479, 5);
        var hugging = new float[Clip.TensorLength];
        var torch = new float[Clip.TensorLength];
        _preprocessor.Preprocess(image, Clip with { CropStyle = CenterCropStyle.HuggingFace }, hugging);
        _preprocessor.Preprocess(image, Clip with { CropStyle = CenterCropStyle.Torchvision }, torch);

        Assert.NotEqual(hugging, torch);
        for (var y = 0; y < 224; y++)
        {
            for (var x = 0; x < 223; x++)
            {
                Assert.Equal(hugging[(y * 224) + x + 1], torch[(y * 224) + x]);
            }
        }
    }

    [Theory]
    [InlineData(37, 23)]
    [InlineData(300, 200)]
    [InlineData(50, 500)]
    public void Squash_matches_the_reference(int width, int height)
        => AssertMatchesReference(TestImages.RandomRgb(width, height, width + height), Clip with { Mode = ResizeMode.Squash, CenterCrop = false });

    [Theory]
    [InlineData(300, 200, 256, 240, 240)]
    [InlineData(200, 300, 384, 384, 384)]
    [InlineData(333, 190, 336, 336, 320)]
    [InlineData(120, 90, 200, 224, 224)]
    public void Other_sizes_match_the_reference(int width, int height, int resizeTo, int cropHeight, int cropWidth)
        => AssertMatchesReference(
            TestImages.RandomRgb(width, height, resizeTo + width),
            Clip with { ResizeTo = resizeTo, CropHeight = cropHeight, CropWidth = cropWidth });

    [Theory]
    [InlineData(300, 200)]
    [InlineData(37, 23)]
    public void Raw_0_to_255_values_with_unit_std_match_the_reference(int width, int height)
    {
        var image = TestImages.RandomRgb(width, height, 5);
        AssertMatchesReference(image, ResNet);

        var tensor = new float[ResNet.TensorLength];
        _preprocessor.Preprocess(image, ResNet, tensor);
        Assert.All(tensor, v => Assert.True(v >= 0 && v <= 255 && v == MathF.Round(v), $"{v}"));
        Assert.True(tensor.Max() > 200, "raw values keep their 0–255 range");
    }

    [Fact]
    public void Photo_like_content_matches_the_reference()
    {
        using var picture = TestImages.PhotoLike(500, 375);
        var pixels = new byte[500 * 375 * 3];
        picture.CopyPixelDataTo(pixels);

        AssertMatchesReference(new RgbImage(500, 375, pixels), Clip);
    }

    [Fact]
    public void A_uniform_image_gives_the_normalized_color_everywhere()
    {
        var pixels = new byte[90 * 60 * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = ((byte)200, (byte)100, (byte)50);
        }

        var tensor = new float[Clip.TensorLength];
        _preprocessor.Preprocess(new RgbImage(90, 60, pixels), Clip, tensor);

        var plane = 224 * 224;
        byte[] rgb = [200, 100, 50];
        for (var c = 0; c < 3; c++)
        {
            var expected = ((rgb[c] / 255.0) - Clip.Mean[c]) / Clip.Std[c];
            Assert.All(tensor.AsSpan(c * plane, plane).ToArray(), v => Assert.Equal(expected, v, 4));
        }
    }

    [Fact]
    public void A_short_destination_is_refused()
    {
        var image = TestImages.RandomRgb(10, 10, 1);

        Assert.Throws<ArgumentException>(() => _preprocessor.Preprocess(image, Clip, new float[Clip.TensorLength - 1]));
    }
}
