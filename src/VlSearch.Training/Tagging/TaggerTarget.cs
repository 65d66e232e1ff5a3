namespace VlSearch.Training.Tagging;

/// <summary>What one grid cell should say: the object whose centre lies in it (or none), its attributes and box.</summary>
/// <param name="Class">Shape index, or <see cref="TaggerNetwork.Classes"/> for no object.</param>
/// <param name="Attributes">Attribute indices that hold (colour, size).</param>
/// <param name="Box">Centre x, centre y, width, height relative to the image.</param>
internal readonly record struct TaggerTarget(int Class, int[] Attributes, float[] Box)
{
    public static TaggerTarget None { get; } = new(TaggerNetwork.Classes, [], []);

    public bool IsObject => Class < TaggerNetwork.Classes;

    /// <summary>One target per cell of a scene: each object in the cell holding its centre (the first one if two share a cell).</summary>
    public static TaggerTarget[] For(SceneLayout layout)
    {
        var targets = new TaggerTarget[TaggerNetwork.Cells];
        Array.Fill(targets, None);
        const float size = SceneGenerator.ImageSize;
        foreach (var o in layout.Objects)
        {
            var column = Math.Clamp((int)(o.X / size * TaggerNetwork.Grid), 0, TaggerNetwork.Grid - 1);
            var row = Math.Clamp((int)(o.Y / size * TaggerNetwork.Grid), 0, TaggerNetwork.Grid - 1);
            var cell = (row * TaggerNetwork.Grid) + column;
            if (!targets[cell].IsObject)
            {
                targets[cell] = new TaggerTarget(o.Shape, [o.Color, TaggerVocabulary.SizeAttribute(o.Large)],
                    [o.X / size, o.Y / size, 2 * o.Radius / size, 2 * o.Radius / size]);
            }
        }

        return targets;
    }
}
