namespace VlSearch.Hosting;

/// <summary>The folders inside the data folder.</summary>
public sealed record VlSearchPaths(string Root)
{
    /// <summary>Embedded vector index files.</summary>
    public string Index => Path.Combine(Root, "index");

    /// <summary>Installed models.</summary>
    public string Models => Path.Combine(Root, "models");

    /// <summary>Personal adapters, one folder per base model.</summary>
    public string Adapters => Path.Combine(Root, "adapters");
}
