using VlSearch.Hosting;
using VlSearch.ModelHub;
using VlSearch.Onnx;
using VlSearch.Onnx.ResNet18;

namespace VlSearch.Cli.Commands;

/// <summary>
/// The model commands only touch the models folder, so they build a <see cref="ModelManager"/> directly instead of
/// starting the host (which would open the catalog and the vector index).
/// </summary>
public static class ModelsCommandSupport
{
    public static ModelManager CreateManager(GlobalSettings settings) =>
        new(new ModelHubOptions { DataDirectory = DataDirectory.Resolve(settings.Data) }, new OnnxModelFolderLoader(), builtInModels: [new ResNet18BuiltInModel()]);

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
