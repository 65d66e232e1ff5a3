namespace VlSearch.Onnx;

/// <summary>One vocabulary entry of a SentencePiece model; its id is its position.</summary>
/// <param name="Piece">The piece, with U+2581 standing for a space.</param>
/// <param name="Score">The log probability of a Unigram piece (the merge priority of a BPE one).</param>
/// <param name="Type">Normal, unknown, control, byte…</param>
public sealed record SentencePieceEntry(string Piece, float Score, SentencePieceType Type = SentencePieceType.Normal);
