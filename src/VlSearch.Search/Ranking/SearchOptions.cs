using System.ComponentModel.DataAnnotations;

namespace VlSearch.Search.Ranking;

/// <summary>Defaults of the ranking pipeline (configuration section <c>Search</c>); each request may override them.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>The retrievers a request runs when it names none.</summary>
    public SearchStages Stages { get; set; } = SearchStages.Hybrid;

    /// <summary>How ranked lists are fused when a request names no method.</summary>
    public FusionMethod Fusion { get; set; } = FusionMethod.ReciprocalRank;

    /// <summary>Weight of the vector retriever in fusion.</summary>
    [Range(0.0, 100.0)]
    public double VectorWeight { get; set; } = 1;

    /// <summary>Weight of the keyword retriever in fusion.</summary>
    [Range(0.0, 100.0)]
    public double KeywordWeight { get; set; } = 1;

    /// <summary>
    /// In a fused search, keyword hits scoring under this share of the best keyword hit are left out before fusion (0
    /// keeps every hit). Reciprocal rank fusion sees ranks, not scores: without a floor, photos that share only a
    /// common word with the query ("dscf" of every camera file name, "birthday" of every party folder) fill the keyword
    /// list and outvote the one photo whose name or folder matches the whole query.
    /// </summary>
    [Range(0.0, 1.0)]
    public double KeywordFloor { get; set; } = 0.5;

    /// <summary>
    /// Candidates each retriever returns before fusion; a page deeper than this asks for k + offset instead. Deeper
    /// lists let a photo ranked low by one retriever and high by the other reach the top.
    /// </summary>
    [Range(10, 10_000)]
    public int RetrievalDepth { get; set; } = 200;

    /// <summary>Most fused hits one search may rerank (a cross-encoder pass per hit).</summary>
    public const int MaxRerankDepth = 200;

    /// <summary>
    /// Whether searches that name no stages run the rerank stage when a reranker is installed (on by default; a
    /// request still turns it on or off for itself).
    /// </summary>
    public bool Rerank { get; set; } = true;

    /// <summary>Fused hits the rerank stage rescores (when a reranker is installed and requested), at most <see cref="MaxRerankDepth"/>.</summary>
    [Range(1, MaxRerankDepth)]
    public int RerankDepth { get; set; } = 50;

    /// <summary>
    /// Weight of the match probability in a reranked hit's final score: retrieval (fused) score + weight × probability,
    /// BLIP's sum with weight 1.
    /// </summary>
    [Range(0.0, 100.0)]
    public double RerankWeight { get; set; } = 1;

    /// <summary>The cutoff when a request names none: <c>none</c>, <c>auto</c> or a minimum score.</summary>
    [Required]
    public string Cutoff { get; set; } = "none";

    /// <summary>How many of the top vector scores the adaptive cutoff looks at for its largest relative drop.</summary>
    [Range(2, 1000)]
    public int CutoffWindow { get; set; } = 50;

    /// <summary>
    /// Smallest relative drop between two neighbouring vector scores, (s[i] - s[i+1]) / s[i], that the adaptive cutoff
    /// cuts at; a smoother list is cut at the calibrated floor only.
    /// </summary>
    [Range(0.0, 1.0)]
    public double CutoffMinimumDrop { get; set; } = 0.08;

    /// <summary>
    /// Percentile of the cosines between unrelated captions and the library's photos taken as the per-model floor.
    /// The median by default: small models score every text high against every photo (vlsearch-tiny on the synthetic
    /// split: median 0.42, 95th percentile 0.66, while a fitting short query tops out near 0.45-0.64), so a higher
    /// percentile would hide real matches; the relative-drop rule trims the tail above it.
    /// </summary>
    [Range(1.0, 100.0)]
    public double FloorPercentile { get; set; } = 50;

    /// <summary>Photos (an even sample of the catalog) each unrelated caption is scored against when the floor is calibrated.</summary>
    [Range(1, 10_000)]
    public int FloorSample { get; set; } = 256;

    /// <summary>
    /// Hits above the floor the adaptive cutoff always keeps: a relative drop is only looked for after this many, so
    /// one standout hit does not hide close alternatives.
    /// </summary>
    [Range(1, 1000)]
    public int CutoffMinimumKept { get; set; } = 3;
}
