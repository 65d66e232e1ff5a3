using System.Text;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx;

/// <summary>
/// The optional side files of a model folder that declare how zero-shot tagging should prompt its text tower:
/// <see cref="KnownWordsFile"/> (one word a line: the words the tower was trained on) and
/// <see cref="TemplatesFile"/> (one prompt template a line, <c>{}</c> for the label). Lines starting with <c>#</c>
/// are comments. A folder without them declares nothing, as downloaded CLIP models do.
/// </summary>
public static class ZeroShotPromptingFiles
{
    /// <summary>The word list's file name.</summary>
    public const string KnownWordsFile = "known_words.txt";

    /// <summary>The templates' file name.</summary>
    public const string TemplatesFile = "zero_shot_templates.txt";

    /// <summary>What the files in <paramref name="directory"/> declare.</summary>
    /// <exception cref="ModelLoadException">A file is there but empty, or a template has no <c>{}</c>.</exception>
    public static ZeroShotPrompting Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var words = Lines(Path.Combine(directory, KnownWordsFile));
        var templates = Lines(Path.Combine(directory, TemplatesFile));
        if (templates?.FirstOrDefault(t => !t.Contains("{}", StringComparison.Ordinal)) is { } bad)
        {
            throw new ModelLoadException($"{Path.Combine(directory, TemplatesFile)}: the template \"{bad}\" has no {{}} for the label.");
        }

        return words is null && templates is null
            ? ZeroShotPrompting.None
            : new ZeroShotPrompting(words?.Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal), templates);
    }

    /// <summary>
    /// Writes the files into <paramref name="directory"/> (a null part is not written), with a header line saying
    /// what each holds. Words are written sorted, so the same words give the same bytes.
    /// </summary>
    public static void Write(string directory, IEnumerable<string>? knownWords, IEnumerable<string>? templates)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        if (knownWords is not null)
        {
            var sorted = knownWords.Select(w => w.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            File.WriteAllText(
                Path.Combine(directory, KnownWordsFile),
                "# The words of the text tower's training captions; zero-shot tagging skips labels with other words.\n" + string.Join('\n', sorted) + "\n",
                utf8);
        }

        if (templates is not null)
        {
            File.WriteAllText(
                Path.Combine(directory, TemplatesFile),
                "# Zero-shot prompt templates in the style of the training captions; {} stands for the label.\n" + string.Join('\n', templates) + "\n",
                utf8);
        }
    }

    private static List<string>? Lines(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return lines.Count > 0 ? lines : throw new ModelLoadException($"{path} lists nothing; delete it or list at least one line.");
    }
}
