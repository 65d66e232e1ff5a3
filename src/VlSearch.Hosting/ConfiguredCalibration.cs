using System.Globalization;
using Microsoft.Extensions.Configuration;
using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Hosting;

/// <summary>
/// A model's SigLIP temperature and bias from configuration, <c>Models:&lt;folder name&gt;:LogitScale</c> and
/// <c>Models:&lt;folder name&gt;:LogitBias</c> (the logarithm of the temperature, as the weights store it, and the
/// bias): for downloads that carry neither (immich's folders, the Hugging Face ONNX exports), without editing their
/// files. Configuration wins over the folder's <c>vlsearch-calibration.json</c> and <c>config.json</c>.
/// </summary>
public static class ConfiguredCalibration
{
    /// <summary>The lookup by model folder path that <see cref="OnnxModelFolderLoader"/> takes; null without configuration.</summary>
    public static Func<string, SimilarityScale?>? From(IConfiguration? configuration)
    {
        if (configuration is null)
        {
            return null;
        }

        return directory =>
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
            if (name.Length == 0)
            {
                return null;
            }

            var section = configuration.GetSection(ModelSelectionOptions.SectionName).GetSection(name);
            return ModelCalibration.FromValues(
                Number(section, "LogitScale"), Number(section, "LogitBias"), $"Configuration {ModelSelectionOptions.SectionName}:{name}");
        };
    }

    private static double? Number(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelLoadException($"Configuration {section.Path}:{key} is '{text}', not a number.");
    }
}
