using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.ModelHub;
using VlSearch.Onnx;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch tokenize</c>: the token ids a model's tokenizer gives each text, as JSON.</summary>
[Description("Print the token ids of each text (start … end, no padding) as JSON; needs only the tokenizer files.")]
public sealed class TokenizeCommand : Command<TokenizeCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<TEXT>")]
        [Description("Texts to tokenize.")]
        public string[] Texts { get; init; } = [];

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required (a model folder or an installed model name).")
            : Texts.Length == 0 ? ValidationResult.Error("Give at least one text.")
            : ValidationResult.Success();
    }

    private sealed record Tokenized(string Text, IReadOnlyList<int> Ids);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var directory = ModelFolder(settings.Model!, settings.Data);
        var tokenizer = TextTokenizer.Load(directory);
        CliJson.Write(settings.Texts.Select(text => new Tokenized(text, tokenizer.EncodeToIds(text))).ToList());
        return 0;
    }

    /// <summary>A model folder path as given, else the folder of the installed or bundled model of that name.</summary>
    internal static string ModelFolder(string model, string? data)
    {
        // A folder path needs no services: the common case stays as fast as reading the tokenizer files.
        if (Directory.Exists(model))
        {
            return model;
        }

        using var services = ModelServices.Create(DataFolder(data));
        return ModelFolder(model, services);
    }

    /// <summary>As <see cref="ModelFolder(string, string?)"/>, with the model services the caller already holds.</summary>
    internal static string ModelFolder(string model, IServiceProvider services) =>
        Directory.Exists(model)
            ? model
            : services.GetRequiredService<ModelResolver>().Locate(model).Directory
                ?? throw new ModelLoadException($"'{model}' is a built-in model, not a model folder.");

    /// <summary>The data folder whose installed models these commands see: <c>--data</c>, else the default one.</summary>
    internal static string DataFolder(string? data) => data ?? ModelHubOptions.DefaultDataDirectory();
}
