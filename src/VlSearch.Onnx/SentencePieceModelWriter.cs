namespace VlSearch.Onnx;

/// <summary>
/// Writes a SentencePiece <c>ModelProto</c> (the <c>spiece.model</c> / <c>sentencepiece.bpe.model</c> files): the
/// pieces with scores and types, the trainer fields a reader needs (model type and special ids) and a normalizer
/// spec, with a precompiled character map when one is given (none: no Unicode rewriting).
/// </summary>
/// <remarks>
/// Used to give a Unigram <c>tokenizer.json</c> (immich's SigLIP exports ship no <c>spiece.model</c>) to the
/// SentencePiece reader, and to build test models to the format's specification.
/// </remarks>
public static class SentencePieceModelWriter
{
    /// <summary>TrainerSpec.ModelType of a Unigram model.</summary>
    public const int Unigram = 1;

    /// <summary>TrainerSpec.ModelType of a BPE model.</summary>
    public const int Bpe = 2;

    /// <summary>Serializes a model; ids not present are -1.</summary>
    /// <param name="pieces">The vocabulary, in id order.</param>
    /// <param name="modelType"><see cref="Unigram"/> or <see cref="Bpe"/>.</param>
    /// <param name="unkId">Id of the unknown piece.</param>
    /// <param name="bosId">Id of the start piece or -1.</param>
    /// <param name="eosId">Id of the end piece or -1.</param>
    /// <param name="padId">Id of the padding piece or -1.</param>
    /// <param name="addDummyPrefix">Whether a space is put before the text (the usual SentencePiece behaviour).</param>
    /// <param name="byteFallback">Whether unknown characters become byte pieces.</param>
    /// <param name="precompiledCharsmap">A precompiled normalization map (as tokenizer.json's Precompiled normalizer
    /// carries it), or empty for none.</param>
    public static byte[] Write(IReadOnlyList<SentencePieceEntry> pieces, int modelType, int unkId, int bosId, int eosId, int padId,
        bool addDummyPrefix = true, bool byteFallback = false, byte[]? precompiledCharsmap = null)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (unkId < 0 || unkId >= pieces.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(unkId), unkId, "The unknown piece must be in the vocabulary.");
        }

        var model = new ProtoWriter();
        // ModelProto.SentencePiece: piece=1, score=2, type=3.
        foreach (var entry in pieces)
        {
            var piece = new ProtoWriter();
            piece.WriteStringField(1, entry.Piece);
            piece.WriteFloatField(2, entry.Score);
            piece.WriteVarintField(3, (long)entry.Type);
            model.WriteMessageField(1, piece);
        }

        // TrainerSpec: model_type=3, vocab_size=4, byte_fallback=35, unk_id=40, bos_id=41, eos_id=42, pad_id=43,
        // unk_piece=45, bos_piece=46, eos_piece=47, pad_piece=48.
        var trainer = new ProtoWriter();
        trainer.WriteVarintField(3, modelType);
        trainer.WriteVarintField(4, pieces.Count);
        trainer.WriteVarintField(35, byteFallback ? 1 : 0);
        trainer.WriteVarintField(40, unkId);
        trainer.WriteVarintField(41, bosId);
        trainer.WriteVarintField(42, eosId);
        trainer.WriteVarintField(43, padId);
        WritePieceName(trainer, 45, pieces, unkId);
        WritePieceName(trainer, 46, pieces, bosId);
        WritePieceName(trainer, 47, pieces, eosId);
        WritePieceName(trainer, 48, pieces, padId);
        model.WriteMessageField(2, trainer);

        // NormalizerSpec: name=1, precompiled_charsmap=2, add_dummy_prefix=3, remove_extra_whitespaces=4,
        // escape_whitespaces=5.
        var normalizer = new ProtoWriter();
        var charsmap = precompiledCharsmap ?? [];
        normalizer.WriteStringField(1, charsmap.Length > 0 ? "nmt_nfkc" : "identity");
        if (charsmap.Length > 0)
        {
            normalizer.WriteBytesField(2, charsmap);
        }

        normalizer.WriteVarintField(3, addDummyPrefix ? 1 : 0);
        normalizer.WriteVarintField(4, 1);
        normalizer.WriteVarintField(5, 1);
        model.WriteMessageField(3, normalizer);
        return model.ToArray();
    }

    private static void WritePieceName(ProtoWriter trainer, int field, IReadOnlyList<SentencePieceEntry> pieces, int id)
    {
        if (id >= 0 && id < pieces.Count)
        {
            trainer.WriteStringField(field, pieces[id].Piece);
        }
    }
}
