namespace VlSearch.Imaging;

/// <summary>A read-only view of a seekable stream with a few bytes at one offset replaced (see <see cref="TiffRowsPerStrip"/>).</summary>
internal sealed class PatchedStream(Stream inner, long patchOffset, byte[] patch) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var start = inner.Position;
        var read = inner.Read(buffer);
        var from = Math.Max(start, patchOffset);
        var to = Math.Min(start + read, patchOffset + patch.Length);
        for (var at = from; at < to; at++)
        {
            buffer[(int)(at - start)] = patch[at - patchOffset];
        }

        return read;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
