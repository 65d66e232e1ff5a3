using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// The text cleanups OpenCLIP's tokenizers apply before tokenizing (<c>text_cfg.tokenizer_kwargs.clean</c> in an
/// OpenCLIP <c>config.json</c>, as immich ships it): <c>canonicalize</c> (SigLIP, SigLIP2), <c>lower</c>,
/// <c>whitespace</c> (the default of a Hugging Face tokenizer in OpenCLIP) and <c>whitespace_underscore</c>.
/// Each starts with OpenCLIP's basic cleanup: the parts of ftfy's <c>fix_text</c> that change typed text (curly
/// quotes made straight, Latin ligatures spelled out, full-width ASCII forms made ASCII), HTML entities decoded
/// twice, the ends trimmed.
/// </summary>
/// <remarks>
/// Python's rules are followed where .NET differs: white space is what <c>str.split()</c> splits on (U+001C..U+001F
/// included), lower-casing is <c>str.lower()</c> (İ becomes "i̇", a capital sigma at the end of a word "ς"), and the
/// punctuation removed is <c>string.punctuation</c> (ASCII only), so a full-width "！" or "，" goes too, after
/// ftfy made it ASCII. Not reproduced: ftfy's repair of mis-decoded text (mojibake), its removal of control
/// characters, its NFC normalization and width fixes outside U+FF01..U+FF64 and U+FFE0..U+FFEE (half-width
/// katakana and hangul), and the HTML5 entities outside HTML 4's list.
/// </remarks>
public static class OpenClipTextCleanup
{
    /// <summary>Python's <c>string.punctuation</c>.</summary>
    public const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>
    /// OpenCLIP's <c>canonicalize</c>: basic cleanup, "_" made a space, ASCII punctuation removed, lower-cased, white
    /// space collapsed to single spaces and trimmed.
    /// </summary>
    public static string Canonicalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var basic = Basic(text).Replace('_', ' ');
        var kept = new StringBuilder(basic.Length);
        foreach (var c in basic)
        {
            if (!AsciiPunctuation.Contains(c, StringComparison.Ordinal))
            {
                kept.Append(c);
            }
        }

        return CollapseWhiteSpace(PythonLower(kept.ToString()));
    }

    /// <summary>OpenCLIP's <c>lower</c>: basic cleanup, white space collapsed, lower-cased.</summary>
    public static string Lower(string text) => PythonLower(Whitespace(text));

    /// <summary>OpenCLIP's <c>whitespace</c>: basic cleanup, white space collapsed to single spaces and trimmed.</summary>
    public static string Whitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CollapseWhiteSpace(Basic(text));
    }

    /// <summary>OpenCLIP's <c>whitespace_underscore</c>: as <see cref="Whitespace"/> with "_" made a space first.</summary>
    public static string WhitespaceUnderscore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CollapseWhiteSpace(Basic(text).Replace('_', ' '));
    }

    /// <summary>
    /// The cleanup an OpenCLIP <paramref name="config"/> asks for, or null when the config is not OpenCLIP's (no
    /// <c>text_cfg</c>); a config without <c>tokenizer_kwargs.clean</c> gets <c>whitespace</c>, as OpenCLIP's
    /// Hugging Face tokenizer does.
    /// </summary>
    /// <exception cref="ModelLoadException">A cleanup name OpenCLIP does not define.</exception>
    public static Func<string, string>? FromConfig(JsonObject? config)
    {
        if (config?["text_cfg"] is not JsonObject textConfig)
        {
            return null;
        }

        var name = textConfig["tokenizer_kwargs"]?["clean"] is JsonValue value && value.TryGetValue<string>(out var clean) ? clean : "whitespace";
        return name switch
        {
            "canonicalize" => Canonicalize,
            "lower" => Lower,
            "whitespace" => Whitespace,
            "whitespace_underscore" => WhitespaceUnderscore,
            _ => throw new ModelLoadException(
                $"config.json asks for the text cleanup '{name}' (text_cfg.tokenizer_kwargs.clean); known: canonicalize, lower, whitespace, whitespace_underscore."),
        };
    }

    /// <summary>Python's <c>str.isspace</c>, which <c>str.split()</c> and <c>str.strip()</c> use.</summary>
    public static bool IsPythonWhiteSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';

    /// <summary>Python's <c>str.lower()</c>: full lower-case mapping, with the final-sigma rule.</summary>
    public static string PythonLower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate stays as it is.
                result.Append(text[i++]);
                continue;
            }

            if (rune.Value == 0x130)
            {
                // The only unconditional lower-case mapping to two code points.
                result.Append("i\u0307");
            }
            else if (rune.Value == 0x3A3)
            {
                result.Append(IsFinalSigma(text, i) ? '\u03C2' : '\u03C3');
            }
            else
            {
                result.Append(Rune.ToLowerInvariant(rune).ToString());
            }

            i += consumed;
        }

        return result.ToString();
    }

    private static string Basic(string text)
    {
        // ftfy decodes entities once where the text holds no tag, then OpenCLIP twice more ("&amp;amp;" is common).
        var fixedText = FixText(text.Contains('<', StringComparison.Ordinal) ? text : WebUtility.HtmlDecode(text));
        var decoded = WebUtility.HtmlDecode(WebUtility.HtmlDecode(fixedText));
        return Trim(decoded);
    }

    /// <summary>The parts of ftfy's <c>fix_text</c> that change well-formed typed text.</summary>
    private static string FixText(string text)
    {
        StringBuilder? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                // uncurl_quotes
                '\u02BC' or (>= '\u2018' and <= '\u201B') => "'",
                >= '\u201C' and <= '\u201F' => "\"",
                // fix_character_width: full-width ASCII, the ideographic space, half-width CJK punctuation and signs.
                >= '\uFF01' and <= '\uFF5E' => ((char)(c - 0xFEE0)).ToString(),
                '\u3000' => " ",
                '\uFF5F' => "\u2985",
                '\uFF60' => "\u2986",
                '\uFF61' => "\u3002",
                '\uFF62' => "\u300C",
                '\uFF63' => "\u300D",
                '\uFF64' => "\u3001",
                '\uFFE0' => "\u00A2",
                '\uFFE1' => "\u00A3",
                '\uFFE2' => "\u00AC",
                '\uFFE3' => " \u0304",
                '\uFFE4' => "\u00A6",
                '\uFFE5' => "\u00A5",
                '\uFFE6' => "\u20A9",
                '\uFFE8' => "\u2502",
                >= '\uFFE9' and <= '\uFFEC' => ((char)(c - 0xFFE9 + 0x2190)).ToString(),
                '\uFFED' => "\u25A0",
                '\uFFEE' => "\u25CB",
                // fix_latin_ligatures
                '\u0132' => "IJ",
                '\u0133' => "ij",
                // ftfy spells it with U+02BC, which uncurling then makes an apostrophe.
                '\u0149' => "'n",
                '\u01C4' => "D\u017D",
                '\u01C5' => "D\u017E",
                '\u01C6' => "d\u017E",
                '\u01C7' => "LJ",
                '\u01C8' => "Lj",
                '\u01C9' => "lj",
                '\u01CA' => "NJ",
                '\u01CB' => "Nj",
                '\u01CC' => "nj",
                '\u01F1' => "DZ",
                '\u01F2' => "Dz",
                '\u01F3' => "dz",
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' => "\u017Ft",
                '\uFB06' => "st",
                _ => null,
            };
            if (replacement is null)
            {
                result?.Append(c);
                continue;
            }

            result ??= new StringBuilder(text.Length).Append(text, 0, i);
            result.Append(replacement);
        }

        return result?.ToString() ?? text;
    }

    private static string CollapseWhiteSpace(string text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsPythonWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private static string Trim(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsPythonWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsPythonWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    // Unicode's Final_Sigma: a cased letter before (case-ignorable characters skipped) and none after.
    private static bool IsFinalSigma(string text, int at)
    {
        static bool IsCased(Rune r) => Rune.IsUpper(r) || Rune.IsLower(r) || Rune.GetUnicodeCategory(r) == System.Globalization.UnicodeCategory.TitlecaseLetter;

        static bool IsCaseIgnorable(Rune r) => r.Value is '\'' or '.' or ':' or '\u00B7' or '\u2019' || Rune.GetUnicodeCategory(r) is
            System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark or
            System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.ModifierLetter or
            System.Globalization.UnicodeCategory.ModifierSymbol;

        var before = false;
        for (var i = at; i > 0;)
        {
            Rune.DecodeLastFromUtf16(text.AsSpan(0, i), out var r, out var length);
            i -= length;
            if (IsCaseIgnorable(r))
            {
                continue;
            }

            before = IsCased(r);
            break;
        }

        if (!before)
        {
            return false;
        }

        for (var i = at + 1; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out var length);
            i += length;
            if (IsCaseIgnorable(r))
            {
                continue;
            }

            return !IsCased(r);
        }

        return true;
    }
}
