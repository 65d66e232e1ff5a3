using System.Globalization;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// A detector's pixel pipeline from <c>preprocessor_config.json</c> (DetrImageProcessor, OwlViTImageProcessor, Owlv2):
/// either a fixed height × width, or DETR's shortest edge capped by a longest edge (aspect kept); then rescale and
/// normalise.
/// </summary>
internal sealed record DetectorPreprocess
{
    public int Height { get; init; }

    public int Width { get; init; }

    public int ShortestEdge { get; init; }

    public int LongestEdge { get; init; }

    public float Rescale { get; init; } = 1f / 255f;

    public IReadOnlyList<float> Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    public IReadOnlyList<float> Std { get; init; } = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// The shortest photo edge this pipeline can use: a fixed size squashes the short edge to at most the larger side;
    /// DETR's resize brings it to the shortest edge (or less, when the longest edge caps it).
    /// </summary>
    public int MinimumDecodeEdge => Height > 0 && Width > 0 ? Math.Max(Height, Width) : Math.Max(1, ShortestEdge);

    /// <summary>The input size of one image: fixed, or DETR's aspect-keeping resize.</summary>
    public (int Width, int Height) SizeFor(int width, int height)
    {
        if (Height > 0 && Width > 0)
        {
            return (Width, Height);
        }

        var scale = (double)ShortestEdge / Math.Min(width, height);
        if (LongestEdge > 0 && Math.Max(width, height) * scale > LongestEdge)
        {
            scale = (double)LongestEdge / Math.Max(width, height);
        }

        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>Reads <c>preprocessor_config.json</c>; a graph with a fixed input size overrides the file's size.</summary>
    /// <exception cref="ModelLoadException">The file is missing, unreadable or impossible; the message names it.</exception>
    public static DetectorPreprocess Read(string folder, int graphHeight, int graphWidth, DetectorPreprocess defaults)
    {
        var path = Path.Combine(folder, "preprocessor_config.json");
        var json = TokenizerFiles.ReadJson(path) ?? throw new ModelLoadException($"Missing {path}: the detector's image preprocessing is unknown.");
        try
        {
            var spec = defaults;
            switch (json["size"])
            {
                case JsonObject size when size["height"] is { } h && size["width"] is { } w:
                    spec = spec with { Height = h.GetValue<int>(), Width = w.GetValue<int>() };
                    break;
                case JsonObject size when size["shortest_edge"] is { } edge:
                    spec = spec with { ShortestEdge = edge.GetValue<int>(), LongestEdge = size["longest_edge"]?.GetValue<int>() ?? 0, Height = 0, Width = 0 };
                    break;
                case JsonValue value:
                    spec = spec with { Height = value.GetValue<int>(), Width = value.GetValue<int>() };
                    break;
            }

            if (graphHeight > 0 && graphWidth > 0)
            {
                spec = spec with { Height = graphHeight, Width = graphWidth };
            }

            var rescale = json["do_rescale"]?.GetValue<bool>() ?? true;
            var normalize = json["do_normalize"]?.GetValue<bool>() ?? true;
            spec = spec with
            {
                Rescale = rescale ? json["rescale_factor"]?.GetValue<float>() ?? 1f / 255f : 1f,
                Mean = normalize ? Floats(json["image_mean"]) ?? spec.Mean : [0f, 0f, 0f],
                Std = normalize ? Floats(json["image_std"]) ?? spec.Std : [1f, 1f, 1f],
            };
            if ((spec.Height < 1 || spec.Width < 1) && spec.ShortestEdge < 1)
            {
                throw new ModelLoadException($"{path} gives no usable size: expected size {{height, width}} or {{shortest_edge[, longest_edge]}}.");
            }

            if (spec.Std.Any(s => s == 0))
            {
                throw new ModelLoadException($"{path}: image_std [{string.Join(", ", spec.Std.Select(s => s.ToString(CultureInfo.InvariantCulture)))}] has a zero.");
            }

            return spec;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{path} could not be read: {e.Message}", e);
        }
    }

    private static float[]? Floats(JsonNode? node) => node switch
    {
        JsonArray array when array.Count == 3 => [.. array.Select(v => v!.GetValue<float>())],
        JsonValue value => [value.GetValue<float>(), value.GetValue<float>(), value.GetValue<float>()],
        _ => null,
    };
}
