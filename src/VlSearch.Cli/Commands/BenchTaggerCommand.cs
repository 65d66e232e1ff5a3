using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Onnx.Tagging;
using VlSearch.Training;
using VlSearch.Training.Tagging;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch bench tagger</c>: milliseconds per image of an object tagger on the CPU (preprocessing, graph and decoding), as JSON.</summary>
[Description("Benchmark an object-and-attribute tagger: ms per image on the CPU, preprocessing and decoding included (JSON).")]
public sealed class BenchTaggerCommand : Command<BenchTaggerCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--images <N>")]
        [Description("Synthetic test scenes per timed run.")]
        [DefaultValue(32)]
        public int Images { get; init; } = 32;

        [CommandOption("--runs <N>")]
        [Description("Timed runs.")]
        [DefaultValue(5)]
        public int Runs { get; init; } = 5;

        public override ValidationResult Validate() =>
            Images is < 1 or > 1000 ? ValidationResult.Error("--images must be between 1 and 1000.")
            : Runs is < 1 or > 1000 ? ValidationResult.Error("--runs must be between 1 and 1000.")
            : ValidationResult.Success();
    }

    private sealed record Report(string Model, string Device, int Images, int Runs, int Cores, double? LoadAverageBefore, double MsPerImageP50, double MsPerImageBest);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = TokenizeCommand.ModelFolder(settings.Model ?? EvalTaggerCommand.DefaultModel, settings.Data);
        if (!OnnxObjectTaggerLoader.IsTaggerFolder(folder))
        {
            Console.Error.WriteLine($"error: {folder} is not an object tagger (onnx/model.onnx with a DETR-, YOLO- or OWL-style config.json).");
            return CliApplication.UsageError;
        }

        var load = BenchDuplicatesCommand.LoadAverage();
        using var tagger = OnnxObjectTaggerLoader.Load(folder, new InferenceOptions { Device = ExecutionDevice.Cpu }, [.. TaggerVocabulary.Objects]);
        var generator = new SceneGenerator(1);
        var images = Enumerable.Range(0, settings.Images).Select(i => generator.Generate(SceneSplit.Test, i).Image).ToList();
        tagger.Detect(images.Take(1).ToList(), TaggerTrainer.DefaultMinScore);
        var perImage = new List<double>();
        for (var run = 0; run < settings.Runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            tagger.Detect(images, TaggerTrainer.DefaultMinScore);
            perImage.Add(watch.Elapsed.TotalMilliseconds / images.Count);
        }

        perImage.Sort();
        CliJson.Write(new Report(tagger.Id, "cpu", images.Count, settings.Runs, Environment.ProcessorCount, load,
            Math.Round(perImage[perImage.Count / 2], 3), Math.Round(perImage[0], 3)));
        return 0;
    }
}
