using System.Diagnostics;

namespace VlSearch.Core;

/// <summary>
/// The trace sources of the adapters (encoders, vector indexes), named here so that a host enables them all with the
/// <see cref="Prefix"/> wildcard and a trace follows a request from the web app through search, encoder and index.
/// </summary>
public static class VlSearchActivity
{
    /// <summary>Every VlSearch source and meter name starts with this.</summary>
    public const string Prefix = "VlSearch";

    /// <summary>Spans of encoder calls (text and image).</summary>
    public static readonly ActivitySource Encoders = new("VlSearch.Encoders");

    /// <summary>Spans of vector index searches and writes.</summary>
    public static readonly ActivitySource VectorIndex = new("VlSearch.VectorIndex");
}
