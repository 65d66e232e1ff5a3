namespace VlSearch.Imaging;

/// <summary>
/// A read-only view of a stream that stops delivering data once a token is cancelled (the per-file time budget or
/// the caller's cancellation).
/// </summary>
/// <remarks>
/// Why a stream wrapper rather than only a token: ImageSharp 2.x checks its token at coarse points and SkiaSharp's
/// native codecs take none, but both pull every byte through this stream, so a file whose decoding drags on (huge
/// scan counts, pathological compression) is stopped at its next read. The two libraries need different endings:
/// ImageSharp is managed code and gets an <see cref="OperationCanceledException"/>; Skia calls this stream from
/// native code, through which a managed exception cannot unwind on Linux (the runtime would abort the process), so
/// in that mode reads report end of data instead, libjpeg finishes at once on the "truncated" input and the caller
/// checks <see cref="DeadlinePassed"/> afterwards. I/O errors are likewise recorded rather than thrown in that mode.
/// </remarks>
internal sealed class DeadlineStream(Stream inner, DecodeBudget budget, bool throwOnDeadline) : Stream
{
    /// <summary>True once a read was refused because the token was cancelled.</summary>
    public bool DeadlinePassed { get; private set; }

    /// <summary>The I/O error swallowed in non-throwing mode, if any.</summary>
    public Exception? ReadError { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

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
        if (budget.Expired)
        {
            DeadlinePassed = true;
            if (throwOnDeadline)
            {
                budget.Token.ThrowIfCancellationRequested();
            }

            return 0;
        }

        if (throwOnDeadline)
        {
            return inner.Read(buffer);
        }

        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e)
        {
            ReadError = e;
            return 0;
        }
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (throwOnDeadline)
        {
            return inner.Seek(offset, origin);
        }

        try
        {
            return inner.Seek(offset, origin);
        }
        catch (Exception e)
        {
            ReadError = e;
            return inner.CanSeek ? inner.Position : 0;
        }
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
