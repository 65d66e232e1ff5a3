using System.Diagnostics;
using System.Text.Json;

namespace VlSearch.Cli.Tests;

/// <summary>
/// Runs transformers.js (installed by .ci/setup.sh, found through VLSEARCH_TRANSFORMERS_JS) on a model folder, and
/// the test strings every family's tokenizer is checked on.
/// </summary>
internal static class FamilyParity
{
    public const string Variable = "VLSEARCH_TRANSFORMERS_JS";

    /// <summary>Multilingual, emoji, punctuation, white space, long and empty texts.</summary>
    public static readonly string[] Texts =
    [
        "", " ", "   \t\n ", "a photo of a dog", "A Photo Of A DOG", "a photo of the red car on the beach",
        "two people walking in the city at night", "snow on the mountain with a tree", "a child playing with a ball",
        "Hello, world!", "what's this?!", "dogs, cats & cars (2024)", "e-mail: someone@example.com", "C'est la vie...",
        "der Hund und die Katze", "Straße über dem Fluß", "le chat et le chien", "Noël en été", "un café, s'il vous plaît",
        "el perro en la playa", "la canción del gato", "собака на фото", "Кошка и собака", "σκύλος και γάτα",
        "犬の写真", "夜の海と山", "赤い車", "狗和猫咪的照片", "雪の夜", "🐶 dog", "🐱🐱 cats", "sunset 🌅 at the beach",
        "🎉🎉🎉", "emoji only 😀 in the middle 😀 twice", "12345", "photo 2 of 10", "3.14159 and 2,718",
        "tabs\tand\nnewlines", "multiple    spaces   here", "UPPER lower MiXeD", "naïve façade jalapeño",
        "ñandú ñoño", "ça va", "Ärger Öl Übermut", "ß", "x", "ab", "redredred bluegreen", "walkingwalking", "unphotographed",
        "mountainous beaches", "the the the the the",
        string.Join(' ', Enumerable.Repeat("a photo of a dog on the beach at sunset with two people", 8)),
        string.Concat(Enumerable.Repeat("猫", 100)),
        "http://example.com/path?query=1&x=2", "#hashtag @mention", "<b>bold</b> [link](url)", "«quotes» „German“ “curly”",
        "em—dash and en–dash", "…ellipsis", "\u00a0non-breaking\u00a0space",
    ];

    public static bool Available(out string install)
    {
        install = Environment.GetEnvironmentVariable(Variable) ?? "";
        return !string.IsNullOrWhiteSpace(install) && Directory.Exists(Path.Combine(install, "node_modules", "@huggingface", "transformers"));
    }

    public static string SkipReason => $"{Variable} is not set or has no transformers.js: .ci/setup.sh installs it there.";

    /// <summary>Token ids (unpadded and padded) and text tower outputs of <paramref name="texts"/> by transformers.js.</summary>
    public static async Task<List<JsonElement>> RunTextAsync(string install, string model, string textModelClass, int contextLength, IReadOnlyList<string> texts, string scratch)
    {
        var textsFile = Path.Combine(scratch, "texts.json");
        await File.WriteAllTextAsync(textsFile, JsonSerializer.Serialize(texts));
        return await RunNodeAsync(install, "text-parity.mjs", [model, textsFile, textModelClass, contextLength.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetSingle())];

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static async Task<List<JsonElement>> RunNodeAsync(string install, string scriptName, IReadOnlyList<string> arguments)
    {
        var script = RepositoryPaths.Combine("tests", "parity", scriptName);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = install };
        info.Environment["NODE_PATH"] = Path.Combine(install, "node_modules");
        // ES modules resolve packages from the script's folder upwards, so the script runs from a copy inside the install.
        // One copy per run: parity tests of several families run in parallel.
        var local = Path.Combine(install, $"{Path.GetFileNameWithoutExtension(scriptName)}-{Guid.NewGuid():N}.mjs");
        File.Copy(script, local);
        info.ArgumentList.Add(local);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await stderr);
            return [.. JsonDocument.Parse(await stdout).RootElement.EnumerateArray()];
        }
        finally
        {
            File.Delete(local);
        }
    }
}
