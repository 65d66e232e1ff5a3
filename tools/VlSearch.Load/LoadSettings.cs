using System.Globalization;

namespace VlSearch.Load;

/// <summary>The bench's parameters, from <c>--name value</c> pairs.</summary>
internal sealed record LoadSettings(Uri Url, string AdminKey, string Photos, int PhotoCount, int Searchers, TimeSpan Duration, double ImageShare, TimeSpan RequestLimit)
{
    public const string Usage =
        "VlSearch.Load --url http://127.0.0.1:5080 --admin-key-file DATA/web-admin.key --photos FOLDER " +
        "[--count 20000] [--searchers 50] [--seconds 120] [--image-share 0.3] [--limit-seconds 10]";

    public static LoadSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string name, string? fallback = null)
            => values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required. Usage: {Usage}");

        double Number(string name, string fallback)
            => double.TryParse(Get(name, fallback), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"--{name} must be a non-negative number.");

        var key = values.TryGetValue("admin-key", out var direct) ? direct : File.ReadAllText(Get("admin-key-file")).Trim();
        return new LoadSettings(
            new Uri(Get("url")),
            key,
            Path.GetFullPath(Get("photos")),
            (int)Number("count", "20000"),
            Math.Max(1, (int)Number("searchers", "50")),
            TimeSpan.FromSeconds(Number("seconds", "120")),
            Math.Clamp(Number("image-share", "0.3"), 0, 1),
            TimeSpan.FromSeconds(Number("limit-seconds", "10")));
    }
}
