using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// The preprocessing of each model family gives Pillow's pixels (tests/parity/pillow-preprocess.py, Debian's
/// python3-pil) within 1e-3 per value: SigLIP's squash to 224 with mean = std = 0.5, ALIGN's squash, crop and
/// [-1, 1] rescale, and CLIP's shortest edge and center crop.
/// </summary>
public sealed class PillowParityTests : IDisposable
{
    private static readonly PreprocessSpec Siglip = new()
    {
        Mode = ResizeMode.Squash,
        ResizeTo = 224,
        CropHeight = 224,
        CropWidth = 224,
        Mean = [0.5f, 0.5f, 0.5f],
        Std = [0.5f, 0.5f, 0.5f],
    };

    // ALIGN's EfficientNet processor: squash to a square, center crop 289, rescale by 1/127.5 with offset -1 (mean 1,
    // std 1 once folded), no normalization.
    private static readonly PreprocessSpec Align = new()
    {
        Mode = ResizeMode.Squash,
        ResizeTo = 346,
        CenterCrop = true,
        CropHeight = 289,
        CropWidth = 289,
        RescaleFactor = 1f / 127.5f,
        Mean = [1f, 1f, 1f],
        Std = [1f, 1f, 1f],
    };

    private readonly TempFolder temp = new();

    public static TheoryData<string, int, int> Cases() => new()
    {
        { "siglip", 640, 480 },
        { "siglip", 300, 917 },
        { "siglip", 224, 224 },
        { "siglip", 97, 61 },
        { "clip", 640, 480 },
        { "clip", 333, 500 },
        { "align", 640, 480 },
        { "align", 289, 400 },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Preprocessing_matches_pillow_within_a_thousandth(string family, int width, int height)
    {
        Skip.If(Python is null, "python3 with Pillow (Debian's python3-pil) is not installed: .ci/setup.sh installs it.");
        var spec = family switch
        {
            "siglip" => Siglip,
            "align" => Align,
            _ => new PreprocessSpec(),
        };
        var image = Photo(width, height, seed: width + height);
        var png = temp.File($"{family}-{width}x{height}.png");
        using (var written = Image.LoadPixelData<Rgb24>(image.Pixels, width, height))
        {
            written.SaveAsPng(png);
        }

        var expected = RunPillow(png, spec);
        var actual = new float[spec.TensorLength];
        new ImagePreprocessor().Preprocess(image, spec, actual);

        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= 1e-3, $"largest difference from Pillow: {worst}");
    }

    /// <summary>Smooth gradients with a few sharp edges and noise: what resampling filters differ on.</summary>
    private static RgbImage Photo(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var edge = (x / 17 + y / 13) % 2 == 0 ? 60 : 0;
                pixels[i] = (byte)Math.Clamp((255 * x / width) + edge - 30 + random.Next(-20, 21), 0, 255);
                pixels[i + 1] = (byte)Math.Clamp((255 * y / height) - edge + 30 + random.Next(-20, 21), 0, 255);
                pixels[i + 2] = (byte)Math.Clamp((int)(127 + (100 * Math.Sin((x + y) / 9.0))) + random.Next(-20, 21), 0, 255);
            }
        }

        return new RgbImage(width, height, pixels);
    }

    private float[] RunPillow(string png, PreprocessSpec spec)
    {
        var output = png + ".f32";
        var script = RepositoryPaths.Combine("tests", "parity", "pillow-preprocess.py");
        string F(float v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, error) = Run(Python!, [script, png, output, spec.Mode == ResizeMode.Squash ? "squash" : "shortest",
            spec.ResizeTo.ToString(System.Globalization.CultureInfo.InvariantCulture), spec.CropHeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            spec.CropWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), F(spec.RescaleFactor),
            F(spec.Mean[0]), F(spec.Mean[1]), F(spec.Mean[2]), F(spec.Std[0]), F(spec.Std[1]), F(spec.Std[2])]);
        Assert.True(code == 0, error);
        var bytes = File.ReadAllBytes(output);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>A Python that imports Pillow: the one on the path, or Debian's (which has python3-pil).</summary>
    private static readonly string? Python = new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(HasPillow);

    private static bool HasPillow(string python)
    {
        try
        {
            return Run(python, ["-c", "import PIL"]).Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Code, string Output, string Error) Run(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    public void Dispose() => temp.Dispose();
}
