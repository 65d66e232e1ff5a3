using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch embed</c>: the normalized embedding of one image or one text, as a JSON array.</summary>
[Description("Print the normalized embedding of an image (--image) or a text (--text) as a JSON array.")]
public sealed class EmbedCommand : Command<EmbedCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--image <FILE>")]
        [Description("Image file to embed.")]
        public string? Image { get; init; }

        [CommandOption("--text <TEXT>")]
        [Description("Text to embed.")]
        public string? Text { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required (a model folder or an installed model name).")
            : (Image is null) == (Text is null) ? ValidationResult.Error("Give exactly one of --image or --text.")
            : Image is not null && !File.Exists(Image) ? ValidationResult.Error($"File not found: {Image}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new InferenceOptions { Device = ParseDevice(settings.Device), BatchSize = 1 };
        using var services = ModelServices.Create(TokenizeCommand.DataFolder(settings.Data));
        var directory = TokenizeCommand.ModelFolder(settings.Model!, services);
        using var model = services.GetRequiredService<IModelFolderLoader>().Load(directory, options);
        float[] vector;
        if (settings.Text is { } text)
        {
            var encoder = model.Text ?? throw new ModelLoadException($"Model {model.Id} has no text encoder.");
            vector = encoder.Encode([text])[0];
        }
        else
        {
            var spec = model.Image.Preprocess;
            var photo = services.GetRequiredService<IPhotoDecoder>().Decode(settings.Image!, spec.MinimumDecodeEdge, cancellationToken);
            var pixels = new float[spec.TensorLength];
            services.GetRequiredService<IImagePreprocessor>().Preprocess(photo.Image, spec, pixels);
            vector = new float[model.Image.Dimension];
            model.Image.Encode(pixels, 1, vector);
        }

        CliJson.Write(vector);
        return 0;
    }

    private static ExecutionDevice ParseDevice(string? device) => device?.Trim().ToLowerInvariant() switch
    {
        null or "" or "cpu" => ExecutionDevice.Cpu,
        "cuda" or "gpu" => ExecutionDevice.Cuda,
        _ => throw new ArgumentException($"Unknown device '{device}': use cpu or cuda."),
    };
}
