using System.Buffers;
using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.Imaging;

/// <summary>
/// Turns an upright RGB raster into a model input tensor (CHW, float32, RGB) the way Hugging Face's
/// CLIPImageProcessor and OpenCLIP do it: resize with Pillow-style antialiased bicubic, center crop, rescale,
/// normalize.
/// </summary>
/// <remarks>
/// The resize is separable, horizontal pass first, each pass rounded and clamped to 0–255 as Pillow does with
/// 8-bit images, with Pillow's 22-bit fixed-point weights so that the bytes are Pillow's exactly. Weights are
/// computed once per axis and call; only the source rows and output columns that end up inside the crop are
/// computed.
/// <para>
/// <see cref="ResizeMode.ShortestEdge"/> always center-crops to the crop size, whatever
/// <see cref="PreprocessSpec.CenterCrop"/> says, because the tensor has a fixed size; a crop larger than the resized
/// image is padded with zero pixels as torchvision does. <see cref="ResizeMode.Squash"/> resizes both sides straight
/// to the crop size, so nothing is cut.
/// </para>
/// </remarks>
public sealed class ImagePreprocessor : IImagePreprocessor
{
    /// <inheritdoc />
    public void Preprocess(RgbImage image, PreprocessSpec spec, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(spec);
        image.Validate();
        ValidateSpec(spec);
        if (destination.Length < spec.TensorLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the spec needs {spec.TensorLength}.", nameof(destination));
        }

        var (resizedWidth, resizedHeight, left, top) = Geometry(image.Width, image.Height, spec);
        var cropWidth = spec.CropWidth;
        var cropHeight = spec.CropHeight;
        var plane = cropWidth * cropHeight;

        Span<double> scales = stackalloc double[3];
        Span<double> biases = stackalloc double[3];
        for (var c = 0; c < 3; c++)
        {
            scales[c] = (double)spec.RescaleFactor / spec.Std[c];
            biases[c] = -(double)spec.Mean[c] / spec.Std[c];

            // Where the crop reaches past the resized image (only when the crop is larger), the value is a zero
            // pixel, as torchvision pads before cropping.
            destination.Slice(c * plane, plane).Fill((float)biases[c]);
        }

        // The part of the crop window that lies inside the resized image.
        var x0 = Math.Max(left, 0);
        var x1 = Math.Min(left + cropWidth, resizedWidth);
        var y0 = Math.Max(top, 0);
        var y1 = Math.Min(top + cropHeight, resizedHeight);
        if (x0 >= x1 || y0 >= y1)
        {
            return;
        }

        var horizontal = image.Width == resizedWidth ? null : ResampleKernel.Create(image.Width, resizedWidth);
        var vertical = image.Height == resizedHeight ? null : ResampleKernel.Create(image.Height, resizedHeight);
        var (sx0, sx1) = SourceRange(horizontal, x0, x1);
        var (sy0, sy1) = SourceRange(vertical, y0, y1);

        var columns = x1 - x0;
        var rows = sy1 - sy0;
        var sourceColumns = sx1 - sx0;
        var tempPlane = rows * columns;
        var temp = ArrayPool<double>.Shared.Rent(3 * tempPlane);
        var line = ArrayPool<double>.Shared.Rent(3 * sourceColumns);
        var accumulator = ArrayPool<double>.Shared.Rent(columns);
        try
        {
            // Horizontal pass: source rows [sy0, sy1) → temp rows of the output columns [x0, x1), per channel.
            for (var sy = sy0; sy < sy1; sy++)
            {
                var source = image.Pixels.AsSpan(((sy * image.Width) + sx0) * 3, sourceColumns * 3);
                Deinterleave(source, line.AsSpan(0, 3 * sourceColumns), sourceColumns);
                for (var c = 0; c < 3; c++)
                {
                    var sourcePlane = line.AsSpan(c * sourceColumns, sourceColumns);
                    var target = temp.AsSpan((c * tempPlane) + ((sy - sy0) * columns), columns);
                    if (horizontal is null)
                    {
                        sourcePlane.CopyTo(target);
                        continue;
                    }

                    for (var ox = x0; ox < x1; ox++)
                    {
                        var taps = sourcePlane.Slice(horizontal.Starts[ox] - sx0, horizontal.Counts[ox]);
                        target[ox - x0] = TensorPrimitives.Dot(horizontal.WeightsOf(ox), taps);
                    }

                    ResampleKernel.ToByte(target);
                }
            }

            // Vertical pass and normalization: output rows [y0, y1) straight into the tensor.
            var acc = accumulator.AsSpan(0, columns);
            for (var oy = y0; oy < y1; oy++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var channel = temp.AsSpan(c * tempPlane, tempPlane);
                    if (vertical is null)
                    {
                        channel.Slice((oy - sy0) * columns, columns).CopyTo(acc);
                    }
                    else
                    {
                        acc.Clear();
                        var start = vertical.Starts[oy] - sy0;
                        var weights = vertical.WeightsOf(oy);
                        for (var k = 0; k < weights.Length; k++)
                        {
                            TensorPrimitives.MultiplyAdd(channel.Slice((start + k) * columns, columns), weights[k], acc, acc);
                        }

                        ResampleKernel.ToByte(acc);
                    }

                    TensorPrimitives.Multiply(acc, scales[c], acc);
                    TensorPrimitives.Add(acc, biases[c], acc);
                    var output = destination.Slice((c * plane) + ((oy - top) * cropWidth) + (x0 - left), columns);
                    TensorPrimitives.ConvertTruncating<double, float>(acc, output);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(accumulator);
            ArrayPool<double>.Shared.Return(line);
            ArrayPool<double>.Shared.Return(temp);
        }
    }

    /// <summary>
    /// Size after the resize step and the crop window's top-left corner in resized coordinates (negative when the
    /// crop is larger than the resized image).
    /// </summary>
    internal static (int Width, int Height, int Left, int Top) Geometry(int width, int height, PreprocessSpec spec)
    {
        if (spec.Mode == ResizeMode.Squash)
        {
            // A squash to a larger square followed by a center crop (EfficientNet/ALIGN processors); otherwise the
            // squash goes straight to the tensor size.
            return spec.CenterCrop && spec.ResizeTo > Math.Max(spec.CropWidth, spec.CropHeight)
                ? (spec.ResizeTo, spec.ResizeTo, CropOffset(spec.ResizeTo, spec.CropWidth, spec.CropStyle), CropOffset(spec.ResizeTo, spec.CropHeight, spec.CropStyle))
                : (spec.CropWidth, spec.CropHeight, 0, 0);
        }

        // Hugging Face: the short side becomes the target, the long side int(target * long / short).
        int resizedWidth, resizedHeight;
        if (width <= height)
        {
            resizedWidth = spec.ResizeTo;
            resizedHeight = Math.Max(1, (int)((double)spec.ResizeTo * height / width));
        }
        else
        {
            resizedHeight = spec.ResizeTo;
            resizedWidth = Math.Max(1, (int)((double)spec.ResizeTo * width / height));
        }

        return (resizedWidth, resizedHeight, CropOffset(resizedWidth, spec.CropWidth, spec.CropStyle), CropOffset(resizedHeight, spec.CropHeight, spec.CropStyle));
    }

    /// <summary>Start of the crop window in resized coordinates; negative when the crop is larger and pads.</summary>
    private static int CropOffset(int size, int crop, CenterCropStyle style) => style switch
    {
        CenterCropStyle.Torchvision when size >= crop => (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven),
        CenterCropStyle.Torchvision => -((crop - size) / 2),
        _ => (int)Math.Floor((size - crop) / 2.0),
    };

    private static (int Start, int End) SourceRange(ResampleKernel? kernel, int first, int end)
        => kernel is null
            ? (first, end)
            : (kernel.Starts[first], kernel.Starts[end - 1] + kernel.Counts[end - 1]);

    private static void Deinterleave(ReadOnlySpan<byte> rgb, Span<double> planes, int count)
    {
        var r = planes[..count];
        var g = planes.Slice(count, count);
        var b = planes.Slice(2 * count, count);
        for (int i = 0, s = 0; i < count; i++, s += 3)
        {
            r[i] = rgb[s];
            g[i] = rgb[s + 1];
            b[i] = rgb[s + 2];
        }
    }

    private static void ValidateSpec(PreprocessSpec spec)
    {
        if (spec.ResizeTo <= 0 || spec.CropWidth <= 0 || spec.CropHeight <= 0)
        {
            throw new ArgumentException($"Resize and crop sizes must be positive (resize {spec.ResizeTo}, crop {spec.CropWidth}x{spec.CropHeight}).", nameof(spec));
        }

        if (spec.Mean.Count != 3 || spec.Std.Count != 3)
        {
            throw new ArgumentException("Mean and Std need exactly three values (R, G, B).", nameof(spec));
        }

        if (spec.Std.Any(s => s == 0f || !float.IsFinite(s)))
        {
            throw new ArgumentException("Std values must be finite and non-zero.", nameof(spec));
        }
    }
}
