using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// Reads a vision model's pixel pipeline from <c>preprocessor_config.json</c> (Hugging Face image processors) or
/// <c>preprocess_cfg.json</c> (OpenCLIP).
/// </summary>
public static class PreprocessConfig
{
    /// <summary>Parses a Hugging Face <c>preprocessor_config.json</c>.</summary>
    public static PreprocessSpec FromHuggingFace(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var defaults = new PreprocessSpec();
        var size = json["size"];
        int resizeTo;
        var mode = ResizeMode.ShortestEdge;
        switch (size)
        {
            case JsonObject sized when sized["shortest_edge"] is { } edge:
                resizeTo = edge.GetValue<int>();
                break;
            case JsonObject sized when sized["height"] is { } height:
                // An explicit height/width means both sides are resized, ignoring aspect ratio (SigLIP and others).
                resizeTo = height.GetValue<int>();
                mode = ResizeMode.Squash;
                break;
            case JsonValue value:
                resizeTo = value.GetValue<int>();
                break;
            default:
                resizeTo = defaults.ResizeTo;
                break;
        }

        var centerCrop = json["do_center_crop"]?.GetValue<bool>() ?? json["crop_size"] is not null;
        var (cropHeight, cropWidth) = json["crop_size"] switch
        {
            JsonObject crop => (crop["height"]!.GetValue<int>(), crop["width"]!.GetValue<int>()),
            JsonValue crop => (crop.GetValue<int>(), crop.GetValue<int>()),
            _ => (resizeTo, resizeTo),
        };
        if (!centerCrop)
        {
            cropHeight = size is JsonObject { } s && s["height"] is { } h ? h.GetValue<int>() : resizeTo;
            cropWidth = size is JsonObject { } w && w["width"] is { } wv ? wv.GetValue<int>() : resizeTo;
        }

        var rescale = json["do_rescale"]?.GetValue<bool>() ?? true;
        var normalize = json["do_normalize"]?.GetValue<bool>() ?? true;
        var mean = normalize ? Floats(json["image_mean"]) ?? defaults.Mean : [0f, 0f, 0f];
        var std = normalize ? Floats(json["image_std"]) ?? defaults.Std : [1f, 1f, 1f];

        // EfficientNet processors (ALIGN): rescale_offset shifts the rescaled value by -1 (to [-1, 1]), and
        // include_top divides by image_std once more after normalizing. Both fold into the mean and std:
        // (((v·s - 1) - mean) / std) / std_top = (v·s - (mean + 1)) / (std · std_top).
        var offset = rescale && json["rescale_offset"] is JsonValue shift && shift.GetValue<bool>() ? 1f : 0f;
        var isEfficientNet = json["image_processor_type"] is JsonValue type && type.GetValue<string>().StartsWith("EfficientNet", StringComparison.Ordinal);
        var top = json["include_top"] is JsonValue includeTop ? includeTop.GetValue<bool>() : isEfficientNet;
        var topStd = top ? Floats(json["image_std"]) ?? defaults.Std : [1f, 1f, 1f];
        return new PreprocessSpec
        {
            ResizeTo = resizeTo,
            Mode = mode,
            CenterCrop = centerCrop,
            CropHeight = cropHeight,
            CropWidth = cropWidth,
            RescaleFactor = rescale ? json["rescale_factor"]?.GetValue<float>() ?? 1f / 255f : 1f,
            Mean = [.. mean.Select(m => m + offset)],
            Std = [.. std.Select((d, c) => d * topStd[c])],
        };
    }

    /// <summary>Parses an OpenCLIP <c>preprocess_cfg.json</c>.</summary>
    public static PreprocessSpec FromOpenClip(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var defaults = new PreprocessSpec();
        var (height, width) = json["size"] switch
        {
            JsonArray pair => (pair[0]!.GetValue<int>(), pair[pair.Count - 1]!.GetValue<int>()),
            JsonValue value => (value.GetValue<int>(), value.GetValue<int>()),
            _ => (defaults.CropHeight, defaults.CropWidth),
        };
        var resizeMode = json["resize_mode"]?.GetValue<string>() ?? "shortest";
        var mode = resizeMode switch
        {
            "shortest" => ResizeMode.ShortestEdge,
            "squash" => ResizeMode.Squash,
            _ => throw new ModelLoadException($"Unsupported OpenCLIP resize_mode '{resizeMode}' (supported: shortest, squash)."),
        };
        return new PreprocessSpec
        {
            ResizeTo = Math.Min(height, width),
            Mode = mode,
            CenterCrop = mode == ResizeMode.ShortestEdge,
            CropStyle = CenterCropStyle.Torchvision,
            CropHeight = height,
            CropWidth = width,
            RescaleFactor = 1f / 255f,
            Mean = Floats(json["mean"]) ?? defaults.Mean,
            Std = Floats(json["std"]) ?? defaults.Std,
        };
    }

    /// <summary>Reads the spec of the model in <paramref name="directory"/>, whichever layout it uses.</summary>
    /// <exception cref="ModelLoadException">Neither file exists.</exception>
    public static PreprocessSpec Read(string directory)
    {
        var openClip = Path.Combine(directory, "visual", "preprocess_cfg.json");
        if (TokenizerFiles.ReadJson(openClip) is { } openClipJson)
        {
            return FromOpenClip(openClipJson);
        }

        var huggingFace = Path.Combine(directory, "preprocessor_config.json");
        return TokenizerFiles.ReadJson(huggingFace) is { } hfJson
            ? FromHuggingFace(hfJson)
            : throw new ModelLoadException($"Missing {huggingFace} (or visual/preprocess_cfg.json): the model's image preprocessing is unknown.");
    }

    private static float[]? Floats(JsonNode? node) => node switch
    {
        JsonArray array when array.Count == 3 => [.. array.Select(v => v!.GetValue<float>())],
        JsonValue value => [value.GetValue<float>(), value.GetValue<float>(), value.GetValue<float>()],
        _ => null,
    };
}
