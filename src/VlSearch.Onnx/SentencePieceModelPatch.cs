using System.Text;

namespace VlSearch.Onnx;

/// <summary>
/// Makes a SentencePiece <c>ModelProto</c> readable by ML.Tokenizers, whose Unigram reader indexes the vocabulary
/// with the start id: models trained without one (SigLIP, T5: <c>bos_id = -1</c>) get the end piece named as their
/// start piece. Nothing else changes, and the start piece is never added (texts are encoded without it).
/// </summary>
/// <remarks>
/// Protobuf merges repeated occurrences of a message field, so a second TrainerSpec carrying only the start id and
/// piece, appended to the file, overrides those two fields and keeps the rest.
/// </remarks>
internal static class SentencePieceModelPatch
{
    public static byte[] Apply(byte[] model)
    {
        var pieces = new List<string>();
        int? bos = null, eos = null, unk = null;
        var top = new ProtoFields(model);
        while (top.Next(out var field, out var wire, out _, out var payload))
        {
            if (field == 1 && wire == 2)
            {
                var piece = new ProtoFields(payload);
                var text = "";
                while (piece.Next(out var f, out var w, out _, out var p))
                {
                    if (f == 1 && w == 2)
                    {
                        text = Encoding.UTF8.GetString(p);
                    }
                }

                pieces.Add(text);
            }
            else if (field == 2 && wire == 2)
            {
                var trainer = new ProtoFields(payload);
                while (trainer.Next(out var f, out var w, out var v, out _))
                {
                    switch (f)
                    {
                        case 40 when w == 0: unk = (int)v; break;
                        case 41 when w == 0: bos = (int)v; break;
                        case 42 when w == 0: eos = (int)v; break;
                    }
                }
            }
        }

        // The format's defaults: unk 0, bos 1, eos 2.
        var bosId = bos ?? 1;
        if (bosId >= 0 && bosId < pieces.Count)
        {
            return model;
        }

        var stand = (eos ?? 2) is var e && e >= 0 && e < pieces.Count ? e : unk ?? 0;
        if (stand < 0 || stand >= pieces.Count)
        {
            return model;
        }

        var patch = new ProtoWriter();
        patch.WriteVarintField(41, stand);
        patch.WriteStringField(46, pieces[stand]);
        var tail = new ProtoWriter();
        tail.WriteMessageField(2, patch);
        return [.. model, .. tail.ToArray()];
    }

    /// <summary>Reads the fields of one protobuf message.</summary>
    private sealed class ProtoFields(byte[] data)
    {
        private int _position;

        public bool Next(out int field, out int wire, out long value, out byte[] payload)
        {
            field = 0;
            wire = 0;
            value = 0;
            payload = [];
            if (_position >= data.Length)
            {
                return false;
            }

            var tag = ReadVarint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    value = (long)ReadVarint();
                    break;
                case 1:
                    _position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint();
                    if (length < 0 || _position + length > data.Length)
                    {
                        throw new InvalidDataException("The SentencePiece model is truncated.");
                    }

                    payload = data[_position..(_position + length)];
                    _position += length;
                    break;
                case 5:
                    _position += 4;
                    break;
                default:
                    throw new InvalidDataException($"The SentencePiece model has an unknown protobuf wire type {wire}.");
            }

            return true;
        }

        private ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= data.Length)
                {
                    throw new InvalidDataException("The SentencePiece model is truncated.");
                }

                var b = data[_position++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new InvalidDataException("The SentencePiece model has a malformed varint.");
        }
    }
}
