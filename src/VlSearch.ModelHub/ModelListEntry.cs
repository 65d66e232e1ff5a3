namespace VlSearch.ModelHub;

/// <summary>One row of <see cref="ModelManager.List"/>: a model that can be used now or pulled.</summary>
public sealed record ModelListEntry
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Embedding length, when known.</summary>
    public int? Dimension { get; init; }

    public bool HasText { get; init; }

    /// <summary>Encoder family from the catalog (clip, siglip, align…), when known.</summary>
    public string? Family { get; init; }

    /// <summary><c>cosine</c> or <c>probability</c>, from the catalog, when known.</summary>
    public string? ScoreKind { get; init; }

    /// <summary>Languages the text tower reads well, from the catalog, when known.</summary>
    public string? Languages { get; init; }

    /// <summary>Listed in the catalog, so <c>vlsearch models pull</c> can fetch it.</summary>
    public bool Known { get; init; }

    /// <summary>Installed in the data folder.</summary>
    public bool Installed { get; init; }

    /// <summary>Compiled into the application.</summary>
    public bool BuiltIn { get; init; }

    /// <summary>Shipped in the application's <c>models/</c> folder.</summary>
    public bool Bundled { get; init; }

    /// <summary>The catalog's default text model.</summary>
    public bool Default { get; init; }

    /// <summary>Loadable without a download (installed, bundled, or built-in with its files present).</summary>
    public bool Available { get; init; }

    /// <summary>Hub repository for catalog models.</summary>
    public string? Repo { get; init; }

    /// <summary>Folder the model loads from, when available on disk.</summary>
    public string? Path { get; init; }

    /// <summary>Installed size on disk.</summary>
    public long? SizeBytes { get; init; }
}
