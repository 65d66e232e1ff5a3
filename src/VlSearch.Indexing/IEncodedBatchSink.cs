namespace VlSearch.Indexing;

/// <summary>Where <see cref="EmbeddingPipeline"/> hands its encoded batches, one consumer at a time.</summary>
internal interface IEncodedBatchSink
{
    /// <summary>Stores batches the encoders finished meanwhile (<paramref name="files"/> files in all) together.</summary>
    Task WriteAsync(List<EncodedBatch> batches, int files, CancellationToken cancellationToken);

    /// <summary>Makes what was written durable; called once when the pipeline ends, also on failure or cancellation.</summary>
    Task CompleteAsync();
}
