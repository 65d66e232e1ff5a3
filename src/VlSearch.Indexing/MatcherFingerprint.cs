using System.Globalization;
using System.IO.Hashing;
using System.Text;
using VlSearch.Core.Matching;

namespace VlSearch.Indexing;

/// <summary>
/// Tells versions of a matcher apart, so that features extracted by older model files are dropped and extracted
/// again (see <see cref="MatcherFeatureIndexer"/>).
/// </summary>
public static class MatcherFingerprint
{
    /// <summary>
    /// The fingerprint of a matcher from what it tells about itself: identifier, feature shape and pixel pipeline.
    /// Enough where the identifier changes with the weights; hosts that know the model folder pass
    /// <see cref="OfFolder"/> instead.
    /// </summary>
    public static string Of(IImageTextMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        var p = matcher.Preprocess;
        var text = string.Join('|',
            matcher.Id,
            matcher.FeatureTokens.ToString(CultureInfo.InvariantCulture),
            matcher.FeatureWidth.ToString(CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{p.ResizeTo} {p.CropHeight}x{p.CropWidth} {p.Mode} {p.CenterCrop} {p.RescaleFactor:R}"),
            string.Join(',', p.Mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            string.Join(',', p.Std.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return "shape:" + Hash(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The fingerprint of a model folder's files (their relative paths and contents, <c>*.onnx</c> and <c>*.json</c> and
    /// <c>*.txt</c>): any new weights or configuration give a new fingerprint.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string OfFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Model folder not found: {folder}");
        }

        var hash = new XxHash128();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".onnx" or ".json" or ".txt" or ".data")
            .Select(f => (Full: f, Relative: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var (full, relative) in files)
        {
            hash.Append(Encoding.UTF8.GetBytes(relative + "\n"));
            using var stream = File.OpenRead(full);
            hash.Append(stream);
        }

        return "files:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));
}
