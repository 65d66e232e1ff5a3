using System.Text;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The one spelling of a tag label: trimmed, inner white space collapsed, lower case (invariant). Stored labels, the
/// photo's denormalised tag list and the <c>tag:</c> filter all use it, so "Dog", "dog " and "DOG" are one tag.
/// </summary>
public static class TagLabels
{
    /// <summary>Longest label kept (the catalog column's length).</summary>
    public const int MaxLength = 200;

    /// <summary>The normal form of <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">The label is empty, too long, or holds control characters.</exception>
    public static string Normalize(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var builder = new StringBuilder(label.Length);
        var space = false;
        foreach (var c in label.Trim())
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("A tag label cannot hold control characters.", nameof(label));
            }

            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.Length switch
        {
            0 => throw new ArgumentException("A tag label cannot be empty.", nameof(label)),
            > MaxLength => throw new ArgumentException($"A tag label is at most {MaxLength} characters.", nameof(label)),
            _ => builder.ToString(),
        };
    }

    /// <summary>Whether <paramref name="label"/> has a normal form (see <see cref="Normalize"/>).</summary>
    public static bool TryNormalize(string? label, out string normalized)
    {
        normalized = "";
        if (label is null)
        {
            return false;
        }

        try
        {
            normalized = Normalize(label);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
