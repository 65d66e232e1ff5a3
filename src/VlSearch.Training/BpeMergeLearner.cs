using System.Text.RegularExpressions;
using VlSearch.Onnx;

namespace VlSearch.Training;

/// <summary>
/// Learns CLIP-style byte-level BPE merges from a caption corpus: words are split with CLIP's pre-tokenizer
/// pattern, mapped to the byte alphabet with <c>&lt;/w&gt;</c> on the last symbol, and the most frequent adjacent
/// pair is merged repeatedly (ties broken by ordinal order, so the result is deterministic).
/// </summary>
internal static partial class BpeMergeLearner
{
    public static List<string> Learn(IEnumerable<string> corpus, int maxMerges = 4000, int minCount = 2)
    {
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
        {
            var clean = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            foreach (Match match in Pattern().Matches(clean))
            {
                var word = ClipVocabulary.EncodeBytes(match.Value);
                wordCounts[word] = wordCounts.GetValueOrDefault(word) + 1;
            }
        }

        var words = wordCounts.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => (Symbols: Split(w.Key), Count: w.Value))
            .ToList();
        var merges = new List<string>();
        while (merges.Count < maxMerges)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    pairs[pair] = pairs.GetValueOrDefault(pair) + count;
                }
            }

            if (pairs.Count == 0)
            {
                break;
            }

            var best = pairs.OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .First();
            if (best.Value < minCount)
            {
                break;
            }

            var (left, right) = best.Key;
            merges.Add($"{left} {right}");
            var joined = left + right;
            foreach (var (symbols, _) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = joined;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }

    private static List<string> Split(string word)
    {
        var symbols = word.Select(c => c.ToString()).ToList();
        symbols[^1] += ClipVocabulary.EndOfWordSuffix;
        return symbols;
    }

    [GeneratedRegex(ClipModelDirectory.PreTokenizerPattern)]
    private static partial Regex Pattern();
}
