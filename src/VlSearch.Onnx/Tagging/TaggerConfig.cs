using System.Globalization;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx.Tagging;

/// <summary>What a detector folder's <c>config.json</c> (and label file) says: layout, id, labels, thresholds.</summary>
internal sealed record TaggerConfig
{
    /// <summary>The graph of every layout, relative to the model folder (the transformers.js convention).</summary>
    public const string ModelFile = "onnx/model.onnx";

    /// <summary>YOLO's label file: one label per line, class 0 first.</summary>
    public const string LabelsFile = "labels.txt";

    /// <summary>Ultralytics' default NMS IoU threshold.</summary>
    public const float DefaultIouThreshold = 0.45f;

    public required TaggerLayout Layout { get; init; }

    public required string Id { get; init; }

    /// <summary>Object labels by class index (empty for open-vocabulary detectors: their labels come at load time).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Attribute labels by attribute index (DETR layout with an attribute_logits output).</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    public float IouThreshold { get; init; } = DefaultIouThreshold;

    /// <summary>Whether overlapping boxes of one label are suppressed: always for YOLO and OWL, for DETR when config.json sets iou_threshold.</summary>
    public bool SuppressOverlaps { get; init; } = true;

    /// <summary>Attributes scoring under this (sigmoid) are left out.</summary>
    public float AttributeThreshold { get; init; } = 0.5f;

    /// <summary>OWLv2 pads images to a square before resizing.</summary>
    public bool PadToSquare { get; init; }

    /// <summary>The layout of <paramref name="folder"/>, or null when it is no detector folder; never throws.</summary>
    public static TaggerLayout? Detect(string folder)
    {
        try
        {
            if (string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, ModelFile)))
            {
                return null;
            }

            var json = TokenizerFiles.ReadJson(Path.Combine(folder, "config.json"));
            return LayoutOf(json, folder);
        }
        catch (Exception e) when (e is ModelLoadException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads and checks the configuration of <paramref name="folder"/>.</summary>
    /// <exception cref="ModelLoadException">A file is missing or unreadable, or the labels are impossible; the message names the file.</exception>
    public static TaggerConfig Read(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        var json = TokenizerFiles.ReadJson(path);
        var layout = LayoutOf(json, folder)
            ?? throw new ModelLoadException(
                $"{path} does not describe a detector: expected model_type detr, yolo, owlvit or owlv2 (or id2label, or a {LabelsFile}).");
        try
        {
            var id = ModelId(json, folder);
            var iou = json?["iou_threshold"] is JsonValue v ? v.GetValue<float>() : DefaultIouThreshold;
            var attributeThreshold = json?["attribute_threshold"] is JsonValue t ? t.GetValue<float>() : 0.5f;
            if (iou is <= 0 or > 1)
            {
                throw new ModelLoadException($"{path}: iou_threshold {iou.ToString(CultureInfo.InvariantCulture)} must be in (0, 1].");
            }

            return layout switch
            {
                TaggerLayout.Detr => new TaggerConfig
                {
                    Layout = layout, Id = id, IouThreshold = iou, AttributeThreshold = attributeThreshold,
                    SuppressOverlaps = json?["iou_threshold"] is not null,
                    Labels = IndexedLabels(json?["id2label"], path, "id2label")
                        ?? throw new ModelLoadException($"{path} has no id2label: a DETR-style detector names its classes there."),
                    Attributes = IndexedLabels(json?["attribute_id2label"], path, "attribute_id2label") ?? [],
                },
                TaggerLayout.Yolo => new TaggerConfig { Layout = layout, Id = id, IouThreshold = iou, Labels = YoloLabels(folder, json, path) },
                _ => new TaggerConfig
                {
                    Layout = layout, Id = id, IouThreshold = iou,
                    PadToSquare = string.Equals(Text(json?["model_type"]), "owlv2", StringComparison.OrdinalIgnoreCase),
                },
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{path} could not be read: {e.Message}", e);
        }
    }

    private static TaggerLayout? LayoutOf(JsonObject? json, string folder)
    {
        var type = Text(json?["model_type"])?.ToLowerInvariant();
        return type switch
        {
            "owlvit" or "owlv2" => TaggerLayout.Owl,
            "yolo" or "yolov8" or "yolo11" => TaggerLayout.Yolo,
            "detr" or "conditional_detr" or "deformable_detr" or "table-transformer" or "yolos" => TaggerLayout.Detr,
            _ when json?["id2label"] is JsonObject => TaggerLayout.Detr,
            _ when json?["names"] is not null || File.Exists(Path.Combine(folder, LabelsFile)) => TaggerLayout.Yolo,
            _ => null,
        };
    }

    private static IReadOnlyList<string>? IndexedLabels(JsonNode? node, string path, string key)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                return [.. array.Select(v => v?.GetValue<string>() ?? "")];
            case JsonObject map:
                var labels = new string[map.Count];
                foreach (var (index, label) in map)
                {
                    if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= labels.Length || labels[i] is not null)
                    {
                        throw new ModelLoadException($"{path}: {key} must number its labels 0 to {map.Count - 1} once each; found key '{index}'.");
                    }

                    labels[i] = label?.GetValue<string>() ?? "";
                }

                return labels;
            default:
                throw new ModelLoadException($"{path}: {key} must be an object or an array of labels.");
        }
    }

    private static IReadOnlyList<string> YoloLabels(string folder, JsonObject? json, string configPath)
    {
        var file = Path.Combine(folder, LabelsFile);
        if (File.Exists(file))
        {
            return [.. File.ReadAllLines(file).Select(line => line.Trim()).Where(line => line.Length > 0)];
        }

        return IndexedLabels(json?["names"], configPath, "names")
            ?? throw new ModelLoadException($"Missing {file}: a YOLO-style detector needs its labels there (one per line) or as names in config.json.");
    }

    private static string ModelId(JsonObject? json, string folder)
    {
        // A local export path says nothing stable about the model; the folder name does.
        if (Text(json?["_name_or_path"]) is { } name && !string.IsNullOrWhiteSpace(name) && !Path.IsPathRooted(name) && !name.StartsWith('.'))
        {
            return name.Trim();
        }

        return new DirectoryInfo(folder).Name;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
