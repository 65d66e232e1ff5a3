namespace VlSearch.Training.Matching;

/// <summary>
/// One-attribute edits of a scene layout: the swapped-attribute captions a matcher must learn to reject ("a blue
/// circle left of a red square" for a red circle left of a blue square), and the twins of the compositional set.
/// </summary>
internal static class SceneEdits
{
    /// <summary>Edits that keep the same objects and swap what binds to which: colours, sizes or places.</summary>
    public static readonly string[] Swaps = ["colors", "sizes", "places"];

    /// <summary>A layout that differs from <paramref name="layout"/> in one attribute (its key differs), or null.</summary>
    public static SceneLayout? Perturb(SceneLayout layout, ref Rng rng)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var edited = layout.IsPair ? EditPair(layout, ref rng) : EditGroup(layout, ref rng);
            if (edited is not null && !string.Equals(edited.Key, layout.Key, StringComparison.Ordinal))
            {
                return edited;
            }
        }

        return null;
    }

    /// <summary>
    /// The twin of a pair scene under one swap (<see cref="Swaps"/>): the same two objects with their colours, sizes
    /// or places exchanged, everything else kept; null when the swap changes nothing (equal colours, say).
    /// </summary>
    public static SceneLayout? Swap(SceneLayout layout, string swap)
    {
        if (!layout.IsPair)
        {
            return null;
        }

        var (a, b) = (layout.Objects[0], layout.Objects[1]);
        SceneObject[] objects = swap switch
        {
            "colors" => [a with { Color = b.Color }, b with { Color = a.Color }],
            "sizes" => [Resized(a, b.Large), Resized(b, a.Large)],
            _ => [b with { X = a.X, Y = a.Y }, a with { X = b.X, Y = b.Y }],
        };
        var twin = With(layout, objects);
        return string.Equals(twin.Key, layout.Key, StringComparison.Ordinal) ? null : twin;
    }

    private static SceneObject Resized(SceneObject o, bool large) =>
        o.Large == large ? o : o with { Large = large, Radius = large ? o.Radius * 1.7f : o.Radius / 1.7f };

    private static SceneLayout? EditGroup(SceneLayout layout, ref Rng rng)
    {
        var o = layout.Objects[0];
        var colors = layout.ColorNames.Count;
        switch (rng.Next(7))
        {
            case 0:
                var color = (o.Color + 1 + rng.Next(colors - 1)) % colors;
                return With(layout, [.. layout.Objects.Select(x => x with { Color = color })]);
            case 1:
                var shape = (o.Shape + 1 + rng.Next(SceneVocabulary.Shapes.Length - 1)) % SceneVocabulary.Shapes.Length;
                return With(layout, [.. layout.Objects.Select(x => x with { Shape = shape })]);
            case 2:
                return With(layout, [.. layout.Objects.Select(x => x with { Large = !x.Large })]);
            case 3:
                return With(layout, layout.Objects.Count == 1 ? [o, o] : [o]);
            case 4:
                return new SceneLayout
                {
                    Tone = layout.Tone, Texture = layout.Texture, IsPair = false, ColorNames = layout.ColorNames, Objects = layout.Objects,
                    Placement = (layout.Placement + 1 + rng.Next(SceneVocabulary.Regions.Length - 1)) % SceneVocabulary.Regions.Length,
                };
            default:
                return Background(layout, ref rng);
        }
    }

    private static SceneLayout? EditPair(SceneLayout layout, ref Rng rng)
    {
        var (a, b) = (layout.Objects[0], layout.Objects[1]);
        var colors = layout.ColorNames.Count;
        switch (rng.Next(7))
        {
            case 0:
                return Swap(layout, "colors");
            case 1:
                return Swap(layout, "sizes");
            case 2:
                return Swap(layout, "places");
            case 3:
                return new SceneLayout
                {
                    Tone = layout.Tone, Texture = layout.Texture, IsPair = true, ColorNames = layout.ColorNames, Objects = layout.Objects,
                    Placement = 1 - layout.Placement,
                };
            case 4:
                var which = rng.Next(2);
                var recolored = (which == 0 ? a : b) with { Color = ((which == 0 ? a : b).Color + 1 + rng.Next(colors - 1)) % colors };
                return With(layout, which == 0 ? [recolored, b] : [a, recolored]);
            case 5:
                var other = rng.Next(2);
                var target = other == 0 ? a : b;
                var reshaped = target with { Shape = (target.Shape + 1 + rng.Next(SceneVocabulary.Shapes.Length - 1)) % SceneVocabulary.Shapes.Length };
                return With(layout, other == 0 ? [reshaped, b] : [a, reshaped]);
            default:
                return Background(layout, ref rng);
        }
    }

    private static SceneLayout Background(SceneLayout layout, ref Rng rng) => rng.Next(2) == 0
        ? new SceneLayout
        {
            Tone = 1 - layout.Tone, Texture = layout.Texture, IsPair = layout.IsPair, Placement = layout.Placement,
            Objects = layout.Objects, ColorNames = layout.ColorNames,
        }
        : new SceneLayout
        {
            Tone = layout.Tone, IsPair = layout.IsPair, Placement = layout.Placement, Objects = layout.Objects, ColorNames = layout.ColorNames,
            Texture = (layout.Texture + 1 + rng.Next(SceneVocabulary.Textures.Length - 1)) % SceneVocabulary.Textures.Length,
        };

    private static SceneLayout With(SceneLayout layout, IReadOnlyList<SceneObject> objects) => new()
    {
        Tone = layout.Tone, Texture = layout.Texture, IsPair = layout.IsPair, Placement = layout.Placement,
        Objects = objects, ColorNames = layout.ColorNames,
    };
}
