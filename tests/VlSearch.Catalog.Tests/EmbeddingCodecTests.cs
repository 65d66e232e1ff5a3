namespace VlSearch.Catalog.Tests;

public sealed class EmbeddingCodecTests
{
    [Fact]
    public void Vectors_round_trip_bit_for_bit_including_special_values()
    {
        var vector = Samples.Vector(768, seed: 3);
        vector[0] = float.NaN;
        vector[1] = -0f;
        vector[2] = float.PositiveInfinity;
        vector[3] = float.NegativeInfinity;
        vector[4] = float.Epsilon;
        vector[5] = float.MaxValue;

        var bytes = EmbeddingCodec.Encode(vector);
        var decoded = EmbeddingCodec.Decode(bytes);

        Assert.Equal(vector.Length * 4, bytes.Length);
        Assert.Equal(
            vector.Select(BitConverter.SingleToInt32Bits),
            decoded.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Values_are_stored_as_little_endian_float32()
    {
        var bytes = EmbeddingCodec.Encode([1f, -2.5f]);

        // 1.0f is 0x3F800000 and -2.5f is 0xC0200000; little-endian puts the low byte first.
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0 }, bytes);
        Assert.Equal([1f, -2.5f], EmbeddingCodec.Decode(bytes));
    }

    [Fact]
    public void An_empty_vector_is_valid()
    {
        Assert.Empty(EmbeddingCodec.Encode([]));
        Assert.Empty(EmbeddingCodec.Decode([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(2049)]
    public void A_length_that_is_not_whole_floats_is_rejected(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingCodec.Decode(new byte[length]));
        Assert.Contains(length.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vector_of_another_dimension_than_expected_is_rejected()
    {
        var bytes = EmbeddingCodec.Encode(Samples.Vector(512, seed: 1));

        Assert.Equal(512, EmbeddingCodec.Decode(bytes, 512).Length);
        Assert.Throws<ArgumentException>(() => EmbeddingCodec.Decode(bytes, 768));
        Assert.Throws<ArgumentException>(() => EmbeddingCodec.DecodeInto(bytes, new float[511]));
    }

    [Fact]
    public void An_embedding_row_is_checked_against_its_dimension()
    {
        var vector = Samples.Vector(16, seed: 2);
        var embedding = EmbeddingCodec.CreateEmbedding(7, "model", vector, Samples.Hash("x"));

        Assert.Equal((7L, "model", 16), (embedding.PhotoId, embedding.ModelId, embedding.Dimension));
        Assert.Equal(vector, EmbeddingCodec.Decode(embedding));

        embedding.Dimension = 17;
        Assert.Throws<ArgumentException>(() => EmbeddingCodec.Decode(embedding));
    }

    [Fact]
    public void Decoding_into_a_buffer_fills_it()
    {
        var vector = Samples.Vector(32, seed: 5);
        var buffer = new float[32];

        EmbeddingCodec.DecodeInto(EmbeddingCodec.Encode(vector), buffer);

        Assert.Equal(vector, buffer);
    }
}
