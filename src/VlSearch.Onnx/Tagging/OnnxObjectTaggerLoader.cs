using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// Recognises and loads object-and-attribute detectors: DETR-style (including the project's own tagger), YOLO-style
/// and OWL-ViT/OWLv2-style exports, each as <c>onnx/model.onnx</c> beside its configuration (see docs/models.md,
/// "Object taggers").
/// </summary>
public static class OnnxObjectTaggerLoader
{
    /// <summary>The graph, relative to the model folder.</summary>
    public const string ModelFile = TaggerConfig.ModelFile;

    /// <summary>How open-vocabulary labels become query texts when config.json sets no prompt_template.</summary>
    public const string DefaultPromptTemplate = "a photo of a {}";

    /// <summary>Whether <paramref name="folder"/> holds a detector this loader recognises. Never throws.</summary>
    public static bool IsTaggerFolder(string folder) => LayoutOf(folder) is not null;

    /// <summary>The layout of the detector in <paramref name="folder"/>, or null when it holds none. Never throws.</summary>
    public static TaggerLayout? LayoutOf(string folder) => TaggerConfig.Detect(folder);

    /// <summary>Loads the detector in <paramref name="folder"/>, checking that its files agree with each other.</summary>
    /// <param name="folder">A model folder in one of the recognised layouts.</param>
    /// <param name="options">Device and threads; CUDA falls back to the CPU with a warning on standard error.</param>
    /// <param name="vocabulary">The label texts of an open-vocabulary detector (required there, ignored by the others).</param>
    /// <exception cref="ModelLoadException">A file is missing, unreadable, or disagrees with the others; the message names it.</exception>
    public static IObjectTagger Load(string folder, InferenceOptions? options = null, IReadOnlyList<string>? vocabulary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new ModelLoadException($"Model folder not found: {folder}");
        }

        folder = Path.GetFullPath(folder);
        options ??= new InferenceOptions();
        var modelPath = Path.Combine(folder, ModelFile);
        if (!File.Exists(modelPath))
        {
            throw new ModelLoadException($"Missing {modelPath}: a detector folder holds its graph there.");
        }

        var config = TaggerConfig.Read(folder);
        IReadOnlyList<string>? owlLabels = null;
        if (config.Layout == TaggerLayout.Owl)
        {
            owlLabels = vocabulary is { Count: > 0 }
                ? [.. vocabulary.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)]
                : throw new ModelLoadException($"{folder} holds an open-vocabulary detector: give it the label texts to look for.");
        }

        var session = SessionFactory.Create(modelPath, options, options.EffectiveImageThreads,
            message => Console.Error.WriteLine($"warning: {message}"), out var device);
        var tower = new OnnxTower(session, modelPath) { Device = device };
        try
        {
            return config.Layout switch
            {
                TaggerLayout.Detr => LoadDetr(folder, config, tower),
                TaggerLayout.Yolo => LoadYolo(config, tower),
                _ => LoadOwl(folder, config, tower, owlLabels!),
            };
        }
        catch
        {
            tower.Dispose();
            throw;
        }
    }

    private static DetrObjectTagger LoadDetr(string folder, TaggerConfig config, OnnxTower tower)
    {
        var (height, width) = CheckPixels(tower, DetrObjectTagger.PixelsInput);
        var preprocess = DetectorPreprocess.Read(folder, height, width, new DetectorPreprocess { ShortestEdge = 800, LongestEdge = 1333 });
        if (config.Labels.Count == 0)
        {
            throw new ModelLoadException($"{Path.Combine(folder, "config.json")}: id2label is empty.");
        }

        CheckOutput(tower, DetrObjectTagger.LogitsOutput, config.Labels.Count + 1, "config.json id2label", config.Labels.Count, " plus one no-object class");
        CheckOutput(tower, DetrObjectTagger.BoxesOutput, 4, null, 0, "");
        var hasAttributes = tower.Outputs.ContainsKey(DetrObjectTagger.AttributesOutput);
        if (config.Attributes.Count > 0 && !hasAttributes)
        {
            throw new ModelLoadException($"config.json names {config.Attributes.Count} attributes but {tower.Path} has no output {DetrObjectTagger.AttributesOutput}.");
        }

        if (hasAttributes && config.Attributes.Count > 0)
        {
            CheckOutput(tower, DetrObjectTagger.AttributesOutput, config.Attributes.Count, "config.json attribute_id2label", config.Attributes.Count, "");
        }

        return new DetrObjectTagger(config, tower, preprocess);
    }

    private static YoloObjectTagger LoadYolo(TaggerConfig config, OnnxTower tower)
    {
        if (tower.Inputs.Count != 1 || tower.Outputs.Count < 1)
        {
            throw new ModelLoadException($"{tower.Path} has inputs {string.Join(", ", tower.Inputs.Keys)}; a YOLO-style graph takes one image tensor.");
        }

        var input = tower.Inputs.Keys.First();
        var (height, width) = CheckPixels(tower, input);
        var output = tower.Outputs.Keys.First();
        var dims = tower.Outputs[output].Dimensions;
        var rowWidth = 4 + config.Labels.Count;
        if (config.Labels.Count == 0)
        {
            throw new ModelLoadException($"The label file of {tower.Path} names no labels.");
        }

        if (dims.Length != 3)
        {
            throw new ModelLoadException($"{tower.Path}: {output} has shape [{string.Join(", ", dims)}]; expected [batch, 4 + classes, candidates] or [batch, candidates, 4 + classes].");
        }

        if (dims[1] > 0 && dims[2] > 0 && dims[1] != rowWidth && dims[2] != rowWidth)
        {
            throw new ModelLoadException(
                $"The labels ({config.Labels.Count}, from {TaggerConfig.LabelsFile} or config.json names) disagree with {tower.Path}: {output} has shape [{string.Join(", ", dims)}]: {dims[1] - 4} classes with the fields first, {dims[2] - 4} with them last.");
        }

        return new YoloObjectTagger(config, tower, input, output,
            height > 0 ? height : YoloObjectTagger.DefaultInputSize, width > 0 ? width : YoloObjectTagger.DefaultInputSize);
    }

    private static OwlObjectTagger LoadOwl(string folder, TaggerConfig config, OnnxTower tower, IReadOnlyList<string> labels)
    {
        foreach (var name in new[] { OwlObjectTagger.IdsInput, OwlObjectTagger.PixelsInput })
        {
            if (!tower.Inputs.ContainsKey(name))
            {
                throw new ModelLoadException($"{tower.Path} has inputs {string.Join(", ", tower.Inputs.Keys)}; an OWL-style detector needs input_ids, attention_mask and pixel_values.");
            }
        }

        var (height, width) = CheckPixels(tower, OwlObjectTagger.PixelsInput);
        var preprocess = DetectorPreprocess.Read(folder, height, width, new DetectorPreprocess
        {
            Height = 768, Width = 768, Mean = [0.48145466f, 0.4578275f, 0.40821073f], Std = [0.26862954f, 0.26130258f, 0.27577711f],
        });
        CheckOutput(tower, OwlObjectTagger.LogitsOutput, 0, null, 0, "");
        CheckOutput(tower, OwlObjectTagger.BoxesOutput, 4, null, 0, "");
        var tokenizer = TextTokenizer.Load(folder);
        var template = TokenizerFiles.ReadJson(Path.Combine(folder, "config.json"))?["prompt_template"]?.GetValue<string>() ?? DefaultPromptTemplate;
        var prompts = labels.Select(label => template.Replace("{}", label, StringComparison.Ordinal)).ToList();
        return new OwlObjectTagger(config, tower, preprocess, labels, prompts, tokenizer);
    }

    private static (int Height, int Width) CheckPixels(OnnxTower tower, string name)
    {
        if (!tower.Inputs.TryGetValue(name, out var meta))
        {
            throw new ModelLoadException($"{tower.Path} has no input {name}; found {string.Join(", ", tower.Inputs.Keys)}.");
        }

        var dims = meta.Dimensions;
        if (dims.Length != 4 || (dims[1] > 0 && dims[1] != 3) || meta.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw new ModelLoadException($"{tower.Path}: {name} is {meta.ElementDataType} [{string.Join(", ", dims)}]; expected float [batch, 3, height, width].");
        }

        return (Math.Max(0, dims[2]), Math.Max(0, dims[3]));
    }

    private static void CheckOutput(OnnxTower tower, string name, int width, string? source, int count, string extra)
    {
        if (!tower.Outputs.TryGetValue(name, out NodeMetadata? meta))
        {
            throw new ModelLoadException($"{tower.Path} has no output {name}; found {string.Join(", ", tower.Outputs.Keys)}.");
        }

        var dims = meta.Dimensions;
        if (dims.Length != 3)
        {
            throw new ModelLoadException($"{tower.Path}: {name} has shape [{string.Join(", ", dims)}]; expected [batch, queries, width].");
        }

        if (width > 0 && dims[2] > 0 && dims[2] != width)
        {
            throw new ModelLoadException(source is null
                ? $"{tower.Path}: {name} has shape [{string.Join(", ", dims)}]; expected width {width}."
                : $"{source} has {count} labels but {tower.Path}: {name} has width {dims[2]} (expected {width}: the labels{extra}).");
        }
    }
}
